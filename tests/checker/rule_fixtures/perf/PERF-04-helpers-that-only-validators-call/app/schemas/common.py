"""Request and response shapes."""

from datetime import date

from pydantic import BaseModel, Field, field_validator

from app.utils.helpers import read_day, read_quantity, read_ratio


class ItemCreate(BaseModel):
    """Body of POST /api/v1/items."""

    name: str = Field(min_length=1, max_length=100)


class Delivery(BaseModel):
    """A delivery as a form sends it: free-text day, quantity and share."""

    day: date
    quantity: int
    share: float

    @field_validator("day", mode="before")
    @classmethod
    def parse_day(cls, value: str) -> date:
        """Delegates to a helper that raises ValueError."""
        return read_day(value)

    @field_validator("quantity", mode="before")
    @classmethod
    def parse_quantity(cls, value: str) -> int:
        """Delegates to a helper that raises ValueError."""
        return read_quantity(value)

    @field_validator("share", mode="before")
    @classmethod
    def parse_share(cls, value: str) -> float:
        """Delegates to a helper that other code calls too."""
        return read_ratio(value)
