"""Notes of a user, in the ``notes`` collection."""

from __future__ import annotations

import logging

from pymongo import DESCENDING

from app.core.database import MongoDatabase
from app.models.common import new_public_id, utc_now
from app.models.note import NOTES_COLLECTION, NoteDocument
from app.schemas.note import NoteCreate

logger = logging.getLogger(__name__)

NOTE_LIST_SORT = [("created_at", DESCENDING), ("id", DESCENDING)]
"""Newest first; ``notes_user_id_created_at_id`` (m0100) serves it."""


async def create_note(
    database: MongoDatabase, user_id: str, data: NoteCreate
) -> NoteDocument:
    """Store a new note of ``user_id``."""
    note = NoteDocument(
        id=new_public_id(), user_id=user_id, text=data.text, created_at=utc_now()
    )
    await database[NOTES_COLLECTION].insert_one(note.to_mongo())
    logger.info("note created", extra={"user_id": user_id, "note_id": note.id})
    return note


async def list_notes(
    database: MongoDatabase, user_id: str, *, limit: int, offset: int
) -> list[NoteDocument]:
    """One page of the notes of ``user_id``, newest first."""
    cursor = (
        database[NOTES_COLLECTION]
        .find({"user_id": user_id}, {"_id": False})
        .sort(NOTE_LIST_SORT)
        .skip(offset)
        .limit(limit)
    )
    return [NoteDocument.from_mongo(raw) for raw in await cursor.to_list(length=limit)]
