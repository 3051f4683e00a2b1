"""Input security: a strict schema stops MongoDB operator injection.

A login form that passes ``{"email": {"$ne": ""}}`` straight into ``find_one``
would match the first user. Validating the body with a strict Pydantic schema
first turns that into a 422 before any query runs.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, EmailStr, ValidationError


# --8<-- [start:strict_schema]
class LoginRequest(BaseModel):
    """Only plain strings reach the query: no dicts, no extra keys."""

    model_config = ConfigDict(strict=True, extra="forbid")

    email: EmailStr
    password: str


# --8<-- [end:strict_schema]


def parse_login(body: dict[str, Any]) -> LoginRequest | None:
    """Return the validated request, or None when the body is not plain data."""
    try:
        return LoginRequest.model_validate(body)
    except ValidationError:
        return None


if __name__ == "__main__":
    bodies: list[dict[str, Any]] = [
        {"email": "ada@acacia.example", "password": "correct horse"},
        {"email": {"$ne": ""}, "password": "x"},
        {"email": "ada@acacia.example", "password": "x", "$where": "1"},
    ]
    for body in bodies:
        print(f"{'accepted' if parse_login(body) else 'rejected'}: {body}")
