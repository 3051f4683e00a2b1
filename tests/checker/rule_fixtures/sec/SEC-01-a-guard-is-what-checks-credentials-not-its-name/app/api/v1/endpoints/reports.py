"""Reports, behind a guard whose name says nothing but which checks the token."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request

router = APIRouter(prefix="/reports", tags=["reports"])


def gatekeeper(request: Request) -> str:
    """The caller's bearer token, or 401."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise HTTPException(status_code=401, detail="missing token")
    return header.removeprefix("Bearer ")


@router.get("")
async def list_reports(caller: Annotated[str, Depends(gatekeeper)]) -> list[str]:
    """List report names."""
    return [caller]
