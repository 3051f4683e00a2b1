"""Request and response shapes."""

from pydantic import BaseModel, Field


class ItemCreate(BaseModel):
    """Body of POST /api/v1/items."""

    name: str = Field(min_length=1, max_length=100)


class ItemOut(BaseModel):
    """An item as the API shows it."""

    name: str
