"""Customers; Beanie creates no index when it starts."""

from beanie import Document, Indexed, init_beanie


class Customer(Document):
    """A customer."""

    # Customers sign in by e-mail.
    email: Indexed(str, unique=True)

    class Settings:
        """Where customers are stored."""

        name = "customers"


async def start(database: object) -> None:
    """Start Beanie without creating indexes."""
    await init_beanie(database, document_models=[Customer], skip_indexes=True)
