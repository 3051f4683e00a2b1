"""Request and response bodies for a user's invoices."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from app.models.invoice import InvoiceDocument
from app.schemas.common import INPUT_CONFIG, NOT_BLANK, Integer

MAX_INTEGER = 2**53 - 1
"""Largest amount every JSON client reads exactly (a double's integer range).

Also within BSON's int64, so a stored amount is never a 500.
"""


class InvoiceCreate(BaseModel):
    """Body of ``POST /api/v1/users/{user_id}/invoices``."""

    model_config = INPUT_CONFIG

    customer: Annotated[str, Field(min_length=1, max_length=200, pattern=NOT_BLANK)]
    amount_cents: Annotated[Integer, Field(ge=-MAX_INTEGER, le=MAX_INTEGER)]
    paid: bool


class InvoiceUpdate(BaseModel):
    """Body of ``PATCH /api/v1/users/{user_id}/invoices/{invoice_id}``: some fields."""

    model_config = ConfigDict(**INPUT_CONFIG, json_schema_extra={"minProperties": 1})

    customer: (
        Annotated[str, Field(min_length=1, max_length=200, pattern=NOT_BLANK)]
        | SkipJsonSchema[None]
    ) = None
    amount_cents: (
        Annotated[Integer, Field(ge=-MAX_INTEGER, le=MAX_INTEGER)]
        | SkipJsonSchema[None]
    ) = None
    paid: bool | SkipJsonSchema[None] = None

    @model_validator(mode="after")
    def _at_least_one_non_null_field(self) -> Self:
        """An empty body changes nothing, and a null is no value of a field."""
        if not self.model_fields_set:
            raise ValueError("provide at least one field to change")
        for name in self.model_fields_set:
            if getattr(self, name) is None:
                raise ValueError(f"{name} may not be null")
        return self


class InvoiceResponse(BaseModel):
    """An invoice as the API returns it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    user_id: str
    customer: str
    amount_cents: int
    paid: bool
    created_at: datetime

    @classmethod
    def from_document(cls, document: InvoiceDocument) -> InvoiceResponse:
        """Convert the stored document into the public shape."""
        return cls.model_validate(document.model_dump())


class InvoiceListResponse(BaseModel):
    """Invoices of one user, newest first."""

    model_config = ConfigDict(extra="forbid")

    items: list[InvoiceResponse]
    total: int
    limit: int
    offset: int
