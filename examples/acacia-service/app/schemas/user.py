"""Request and response bodies for users and tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from app.core.security import Role
from app.models.user import UserDocument
from app.schemas.common import INPUT_CONFIG, NOT_BLANK

MAX_EMAIL_LENGTH = 254


def normalise_email(value: str) -> str:
    """The form emails are stored, looked up and rate limited in."""
    return value.strip().lower()


def require_ascii(value: str) -> str:
    """Refuse look-alike addresses: a Cyrillic "a" (U+0430), full-width letters.

    Raises:
        ValueError: The address has a character outside ASCII.
    """
    if not value.isascii():
        raise ValueError(
            "use an ASCII email address: look-alike characters are refused"
        )
    return value


Email = Annotated[
    EmailStr,
    Field(
        max_length=MAX_EMAIL_LENGTH,
        examples=["ada@acacia.io"],
        description=(
            "ASCII only: look-alike characters and internationalised (xn--) "
            "domains are refused, as are special-use domains such as .test, "
            ".local or .invalid."
        ),
    ),
    AfterValidator(require_ascii),
    AfterValidator(normalise_email),
]
FullName = Annotated[
    str,
    Field(min_length=1, max_length=200, pattern=NOT_BLANK, examples=["Ada Lovelace"]),
]

# --8<-- [start:password_field]
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
Password = Annotated[
    str,
    StringConstraints(
        strip_whitespace=False,
        min_length=MIN_PASSWORD_LENGTH,
        max_length=MAX_PASSWORD_LENGTH,
    ),
    Field(examples=["correct-horse-battery-staple"]),
]
"""12 to 128 characters, kept exactly as typed (only its hash is stored)."""
# --8<-- [end:password_field]


# --8<-- [start:user_schemas]
class UserCreate(BaseModel):
    """Body of ``POST /api/v1/users``."""

    model_config = INPUT_CONFIG

    email: Email
    full_name: FullName
    password: Password
    role: Role = "user"


class UserResponse(BaseModel):
    """A user as the API returns it: no ``_id``, never the password hash."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(examples=["0b6f3c1e-8d4a-4c47-9a51-2f1a7c7f9e10"])
    email: str
    full_name: str
    role: Role
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_document(cls, document: UserDocument) -> UserResponse:
        """Convert the stored document into the public shape."""
        return cls.model_validate(document.model_dump(exclude={"password_hash"}))


# --8<-- [end:user_schemas]


class UserReplace(BaseModel):
    """Body of ``PUT /api/v1/users/{user_id}``: email and name are required.

    ``role`` may be given by an admin only; omitted, it stays as it is.
    """

    model_config = INPUT_CONFIG

    email: Email
    full_name: FullName
    role: Role | None = None


class UserPatch(BaseModel):
    """Body of ``PATCH /api/v1/users/{user_id}``: at least one field."""

    model_config = ConfigDict(**INPUT_CONFIG, json_schema_extra={"minProperties": 1})

    email: Email | SkipJsonSchema[None] = None
    full_name: FullName | SkipJsonSchema[None] = None
    role: Role | SkipJsonSchema[None] = None

    @model_validator(mode="after")
    def _at_least_one_non_null_field(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("provide at least one of: email, full_name, role")
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


class CurrentUserResponse(UserResponse):
    """``GET /api/v1/users/me``: the caller plus the variant of each active flag."""

    features: dict[str, str] = Field(
        default_factory=dict,
        description="Flag name -> variant, for the flags this user is in.",
        examples=[{"profile-insights": "treatment"}],
    )


class TokenResponse(BaseModel):
    """Body of ``POST /api/v1/auth/token`` (OAuth2 password flow)."""

    model_config = ConfigDict(extra="forbid")

    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type
    expires_in: int = Field(description="Seconds until the token expires.")
