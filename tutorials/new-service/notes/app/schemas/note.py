"""Request and response bodies of ``/api/v1/notes``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.models.note import NoteDocument
from app.schemas.common import INPUT_CONFIG, NOT_BLANK


class NoteCreate(BaseModel):
    """Body of ``POST /api/v1/notes``."""

    model_config = INPUT_CONFIG

    text: Annotated[
        str,
        Field(min_length=1, max_length=500, pattern=NOT_BLANK, examples=["Call Ada"]),
    ]


class NoteResponse(BaseModel):
    """A note as the API returns it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    created_at: datetime

    @classmethod
    def from_document(cls, document: NoteDocument) -> NoteResponse:
        """Convert the stored document into the public shape."""
        return cls(id=document.id, text=document.text, created_at=document.created_at)
