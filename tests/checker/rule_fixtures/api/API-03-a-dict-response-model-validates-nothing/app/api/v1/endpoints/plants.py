"""Plants."""

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel


class PlantRead(BaseModel):
    """A plant as the API shows it."""

    id: str


router = APIRouter(prefix="/plants")
DOCUMENTS: dict[str, dict[str, Any]] = {}


@router.get("/{plant_id}", response_model=dict)  # expect: API-03 "`GET /api/v1/plants/{plant_id}` answers without a schema: set response_model= or a return type that is a Pydantic schema"
async def read_plant(plant_id: str) -> PlantRead:
    """The stored document as it is, its ``_id`` included."""
    return DOCUMENTS[plant_id]  # type: ignore[return-value]


@router.get("", response_model=dict[str, Any])  # expect: API-03 "`GET /api/v1/plants` answers without a schema: set response_model= or a return type that is a Pydantic schema"
async def list_plants() -> dict[str, Any]:
    """Every stored document."""
    return DOCUMENTS
