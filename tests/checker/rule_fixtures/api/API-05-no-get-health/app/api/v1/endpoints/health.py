"""Health."""

from fastapi import APIRouter

router = APIRouter(tags=["health"])


@router.head("/health")
async def health() -> dict[str, str]:
    """Liveness."""
    return {"status": "ok"}
