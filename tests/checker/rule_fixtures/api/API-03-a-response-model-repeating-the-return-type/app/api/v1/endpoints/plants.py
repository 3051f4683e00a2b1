"""Plants."""

from fastapi import APIRouter

router = APIRouter(prefix="/plants")


@router.get("/{plant_id}/name", response_model=str)
async def plant_name(plant_id: str) -> str:
    """The response model repeats the return type: still validated."""
    return plant_id
