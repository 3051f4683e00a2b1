"""Request and response bodies for users and their orders."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    model_validator,
)
from typing_extensions import Self

from app.models.user import OrderDocument, UserDocument


def _normalise_email(value: str) -> str:
    return value.strip().lower()


Email = Annotated[
    EmailStr,
    Field(max_length=254, examples=["ada@acacia.io"]),
    AfterValidator(_normalise_email),
]
FullName = Annotated[
    str, Field(min_length=1, max_length=200, examples=["Ada Lovelace"])
]

INPUT_CONFIG = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


# --8<-- [start:user_schemas]
class UserCreate(BaseModel):
    """Body of ``POST /api/v1/users``."""

    model_config = INPUT_CONFIG

    email: Email
    full_name: FullName


class UserResponse(BaseModel):
    """A user as the API returns it: public ``id``, never MongoDB's ``_id``."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(examples=["0b6f3c1e-8d4a-4c47-9a51-2f1a7c7f9e10"])
    email: str
    full_name: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_document(cls, document: UserDocument) -> UserResponse:
        """Convert the stored document into the public shape."""
        return cls.model_validate(document.model_dump())


# --8<-- [end:user_schemas]


class UserReplace(BaseModel):
    """Body of ``PUT /api/v1/users/{user_id}``: every field is required."""

    model_config = INPUT_CONFIG

    email: Email
    full_name: FullName


class UserPatch(BaseModel):
    """Body of ``PATCH /api/v1/users/{user_id}``: at least one field."""

    model_config = INPUT_CONFIG

    email: Email | None = None
    full_name: FullName | None = None

    @model_validator(mode="after")
    def _at_least_one_non_null_field(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("provide at least one of: email, full_name")
        for name in self.model_fields_set:
            if getattr(self, name) is None:
                raise ValueError(f"{name} may not be null")
        return self


class UserListResponse(BaseModel):
    """One page of users plus the total count."""

    model_config = ConfigDict(extra="forbid")

    items: list[UserResponse]
    total: int
    limit: int
    offset: int


class OrderCreate(BaseModel):
    """Body of ``POST /api/v1/users/{user_id}/orders``."""

    model_config = INPUT_CONFIG

    item: Annotated[str, Field(min_length=1, max_length=200, examples=["Soil kit"])]
    quantity: Annotated[int, Field(ge=1, le=10_000)]
    total_cents: Annotated[int, Field(ge=0)]


class OrderResponse(BaseModel):
    """An order as the API returns it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    user_id: str
    item: str
    quantity: int
    total_cents: int
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
