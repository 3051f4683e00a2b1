"""``/api/v1/notes``: the signed-in user's own notes."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.api.dependencies import CurrentUser, Database, Pagination
from app.schemas.note import NoteCreate, NoteResponse
from app.services import note_service

router = APIRouter(prefix="/notes", tags=["notes"])


@router.post("", response_model=NoteResponse, status_code=status.HTTP_201_CREATED)
async def create_note(
    database: Database, payload: NoteCreate, user: CurrentUser
) -> NoteResponse:
    """Write a note; 201 with the stored note."""
    note = await note_service.create_note(database, user.id, payload)
    return NoteResponse.from_document(note)


@router.get("", response_model=list[NoteResponse])
async def list_notes(
    database: Database, page: Pagination, user: CurrentUser
) -> list[NoteResponse]:
    """The caller's notes, newest first."""
    notes = await note_service.list_notes(
        database, user.id, limit=page.limit, offset=page.offset
    )
    return [NoteResponse.from_document(note) for note in notes]
