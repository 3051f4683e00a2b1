"""Schemas shared by every endpoint: problem details, pagination, health."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

PROBLEM_JSON = "application/problem+json"

INPUT_CONFIG = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)
"""Request bodies: no unknown fields, no type coercion, surrounding spaces dropped."""

_SPACES = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x3001)) if c.isspace())
NOT_BLANK = f"[^{_SPACES}]"
"""A character ``str.strip`` keeps (written as ``\\uXXXX``, read alike by Python,
JSON Schema and pydantic): inputs are stripped before their length counts."""


# --8<-- [start:integer]
def _whole_float_is_an_integer(value: object) -> object:
    """JSON Schema counts ``3.0`` as an integer; so does the API, not ``3.5``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Integer = Annotated[int, BeforeValidator(_whole_float_is_an_integer)]
"""The type of every integer field of a request body: ``3`` and ``3.0`` (both
integers to JSON Schema, so to generated clients), never ``3.5``, ``"3"`` or
``true``. Bounds go beside it: ``Annotated[Integer, Field(ge=1)]``."""
# --8<-- [end:integer]


def _date_time_text(value: object) -> object:
    """A date-time arrives as RFC 3339 text, never as a number of seconds."""
    if not isinstance(value, str):
        raise ValueError("a date-time is text such as 2026-01-02T03:04:05Z")
    return value


DateTimeInput = Annotated[
    AwareDatetime, Field(strict=False), BeforeValidator(_date_time_text)
]
"""A date-time in a request body: RFC 3339 text with its offset, as JSON Schema's
``date-time`` (a strict body would take only a ``datetime`` object)."""


# --8<-- [start:problem_details]
class ProblemDetails(BaseModel):
    """RFC 9457 problem details: the one error body of the whole API."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(default="about:blank", examples=["urn:acacia:problem:not-found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(ge=400, le=599, examples=[404])
    detail: str = Field(examples=["User '5f0c...' was not found."])
    correlation_id: str | None = Field(default=None, examples=["9b3c...-..."])
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="Field-level errors; only on 422 responses."
    )


# --8<-- [end:problem_details]


MAX_PAGE_SIZE = 100
MAX_OFFSET = 10_000
"""Deepest page a list serves: skipping more is slow, and past int64 a 500."""


class PaginationParams(BaseModel):
    """Query parameters for paginated lists."""

    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)] = 20
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


class HealthResponse(BaseModel):
    """Body of a successful ``GET /api/v1/health``."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["ok"] = "ok"
    database: Literal["reachable"] = "reachable"
    environment: str
    version: str
