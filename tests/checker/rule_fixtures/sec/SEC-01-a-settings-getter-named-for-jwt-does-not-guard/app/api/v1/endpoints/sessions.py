"""Sessions, included without a guard."""

from typing import Annotated

from fastapi import APIRouter, Depends

router = APIRouter()


def get_jwt_settings() -> dict[str, str]:
    """Settings of the tokens, not a guard."""
    return {}


@router.get("/logouts")  # expect: SEC-01
async def log_out(jwt: Annotated[dict[str, str], Depends(get_jwt_settings)]) -> None:
    """Log out."""
    return None
