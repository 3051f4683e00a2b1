"""A note as stored in the ``notes`` collection."""

from __future__ import annotations

from datetime import datetime

from app.models.common import StoredDocument

NOTES_COLLECTION = "notes"


class NoteDocument(StoredDocument):
    """A short text owned by ``user_id``."""

    id: str
    user_id: str
    text: str
    created_at: datetime
