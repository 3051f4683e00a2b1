"""Plants."""

from typing import Any

from fastapi import APIRouter, Depends

from app.core.security import get_current_user

router = APIRouter(prefix="/plants")


@router.put("/{plant_id}")
async def rename(
    plant_id: str, user: dict[str, Any] = Depends(get_current_user)
) -> str:
    """A dependency's result is not a body."""
    return plant_id
