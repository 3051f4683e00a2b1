"""Plants."""

from fastapi import APIRouter

router = APIRouter(prefix="/plants")


@router.delete("/{plant_id}", status_code=204)
async def uproot(plant_id: str):  # noqa: ANN201
    """Answers nothing: no schema to declare."""
    return
