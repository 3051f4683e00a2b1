"""Plants."""

from fastapi import APIRouter

router = APIRouter(prefix="/plants")


@router.post("", status_code=201)
async def _() -> str:
    """A handler named _ is judged like any other."""
    return ""
