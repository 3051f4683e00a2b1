"""Items as Beanie stores them, on a base shared by every document."""

from datetime import datetime

from beanie import Document


class Stored(Document):
    """What every stored document carries."""

    created_at: datetime | None = None


class StoredItem(Stored):
    """An item document: its owner and creation time are internal."""

    name: str
    owner: str

    class Settings:
        """Where items are stored."""

        name = "items"
