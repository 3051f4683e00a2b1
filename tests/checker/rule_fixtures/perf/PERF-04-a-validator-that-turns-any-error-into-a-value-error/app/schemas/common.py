"""Request and response shapes."""

from datetime import date

from pydantic import BaseModel, Field, field_validator


class ItemCreate(BaseModel):
    """Body of POST /api/v1/items."""

    name: str = Field(min_length=1, max_length=100)
    due: date | None = None

    @field_validator("due", mode="before")
    @classmethod
    def parse_due(cls, value: object) -> date | None:
        """Any unreadable date is the caller's error: pydantic answers 422."""
        if value is None:
            return None
        try:
            return date.fromisoformat(str(value))
        except Exception:
            raise ValueError("due must be an ISO date") from None


def parse_count(text: str) -> int:
    """Outside a validator, a blind except stays a finding."""
    try:
        return int(text)
    except Exception:  # expect: PERF-04
        raise ValueError("not a count") from None
