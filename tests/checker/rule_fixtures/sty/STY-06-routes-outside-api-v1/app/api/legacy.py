"""Old routes, mounted beside /api/v1 rather than under it."""

from fastapi import APIRouter, Depends

from app.core.security import get_current_user

router = APIRouter(prefix="/legacy-items", dependencies=[Depends(get_current_user)])


@router.get("")  # expect: STY-06
async def list_legacy_items() -> list[str]:
    """Nothing left."""
    return []
