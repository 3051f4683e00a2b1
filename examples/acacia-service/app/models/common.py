"""Shared helpers for stored documents."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Self

from pydantic import BaseModel, ConfigDict


def utc_now() -> datetime:
    """Return the current time as a timezone-aware UTC datetime (ms precision).

    MongoDB stores milliseconds, so truncating here keeps a value read back
    equal to the value written.
    """
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def new_public_id() -> str:
    """Return a fresh public id: a UUID4 in canonical string form."""
    return str(uuid.uuid4())


class StoredDocument(BaseModel):
    """Base for documents: MongoDB's ``_id`` is dropped on the way in."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    @classmethod
    def from_mongo(cls, raw: dict[str, Any]) -> Self:
        """Build the model from a raw document, ignoring ``_id``."""
        return cls.model_validate({k: v for k, v in raw.items() if k != "_id"})

    def to_mongo(self) -> dict[str, Any]:
        """Return the document to insert (without ``_id``; MongoDB adds it)."""
        return self.model_dump()
