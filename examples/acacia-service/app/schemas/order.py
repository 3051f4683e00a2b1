"""Request and response bodies for a user's orders."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from app.models.order import OrderDocument
from app.schemas.common import INPUT_CONFIG, NOT_BLANK, Integer

# --8<-- [start:limits]
MAX_TOTAL_CENTS = 2**53 - 1
"""Largest amount every JSON client reads exactly (a double's integer range).

Also within BSON's int64, so a stored amount is never a 500.
"""
# --8<-- [end:limits]


# --8<-- [start:field_types]
Item = Annotated[
    str, Field(min_length=1, max_length=200, pattern=NOT_BLANK, examples=["Soil kit"])
]
Quantity = Annotated[Integer, Field(ge=1, le=10_000)]
TotalCents = Annotated[Integer, Field(ge=0, le=MAX_TOTAL_CENTS)]
# --8<-- [end:field_types]


class OrderCreate(BaseModel):
    """Body of ``POST /api/v1/users/{user_id}/orders``."""

    model_config = INPUT_CONFIG

    # --8<-- [start:create_fields]
    item: Item
    quantity: Quantity
    total_cents: TotalCents
    # --8<-- [end:create_fields]


class OrderUpdate(BaseModel):
    """Body of ``PATCH /api/v1/users/{user_id}/orders/{order_id}``: some fields."""

    model_config = ConfigDict(**INPUT_CONFIG, json_schema_extra={"minProperties": 1})

    # --8<-- [start:update_fields]
    item: Item | SkipJsonSchema[None] = None
    quantity: Quantity | SkipJsonSchema[None] = None
    total_cents: TotalCents | SkipJsonSchema[None] = None
    # --8<-- [end:update_fields]

    @model_validator(mode="after")
    def _at_least_one_non_null_field(self) -> Self:
        """An empty body changes nothing, and a null is no value of a field."""
        if not self.model_fields_set:
            raise ValueError("provide at least one field to change")
        for name in self.model_fields_set:
            if getattr(self, name) is None:
                raise ValueError(f"{name} may not be null")
        return self


class OrderResponse(BaseModel):
    """An order as the API returns it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    user_id: str
    # --8<-- [start:response_fields]
    item: str
    quantity: int
    total_cents: int
    # --8<-- [end:response_fields]
    created_at: datetime

    @classmethod
    def from_document(cls, document: OrderDocument) -> OrderResponse:
        """Convert the stored document into the public shape."""
        return cls.model_validate(document.model_dump())


class OrderListResponse(BaseModel):
    """Orders of one user, newest first."""

    model_config = ConfigDict(extra="forbid")

    items: list[OrderResponse]
    total: int
    limit: int
    offset: int
