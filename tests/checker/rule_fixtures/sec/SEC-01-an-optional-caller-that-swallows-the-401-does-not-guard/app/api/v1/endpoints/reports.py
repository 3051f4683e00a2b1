"""Reports: one route needs a caller, the other takes one if it comes."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request

router = APIRouter(prefix="/reports", tags=["reports"])


def caller_of(request: Request) -> str:
    """The caller's bearer token, or 401."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise HTTPException(status_code=401, detail="missing token")
    return header.removeprefix("Bearer ")


def maybe_caller(request: Request) -> str | None:
    """The caller if a valid token came, else nobody: it never refuses."""
    try:
        return caller_of(request)
    except HTTPException:
        return None


@router.get("")  # expect: SEC-01
async def list_reports(
    caller: Annotated[str | None, Depends(maybe_caller)],
) -> list[str]:
    """List report names, to anyone."""
    return [caller or "anonymous"]


@router.get("/mine")
async def my_reports(caller: Annotated[str, Depends(caller_of)]) -> list[str]:
    """List the caller's report names."""
    return [caller]
