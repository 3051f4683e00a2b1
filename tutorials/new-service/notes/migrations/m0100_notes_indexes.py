"""Indexes of the ``notes`` collection."""

from app.models.note import NOTES_COLLECTION
from migrations.base import IndexDefinition

DESCRIPTION = "Per-user listing of notes, newest first."

INDEXES: list[IndexDefinition] = [
    IndexDefinition(
        collection=NOTES_COLLECTION,
        keys=(("user_id", 1), ("created_at", -1), ("id", -1)),
        options={"name": "notes_user_id_created_at_id"},
        purpose="Lists one user's notes newest first (note_service.NOTE_LIST_SORT).",
    ),
]
