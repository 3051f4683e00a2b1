"""Reports: one route needs a caller, the other takes one if it comes."""

from typing import Annotated, Optional

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel

router = APIRouter(prefix="/reports", tags=["reports"])


def caller_of(request: Request) -> str:
    """The caller's bearer token, or 401."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise HTTPException(status_code=401, detail="missing token")
    return header.removeprefix("Bearer ")


class Caller(BaseModel):
    """Who called, as stored (with the password hash)."""

    name: str
    hashed_password: str


def maybe_caller(request: Request) -> Caller | None:
    """The caller if a valid token came, else nobody: it never refuses."""
    try:
        return Caller(name=caller_of(request), hashed_password="")
    except HTTPException:
        return None


@router.get("")  # expect: SEC-01 "has no auth dependency"
async def list_reports(
    caller: Optional[Caller] = Depends(maybe_caller),  # noqa: B008, UP045
) -> list[str]:
    """List report names, to anyone (a dependency's model is no sign-up body)."""
    return [caller.name if caller else "anonymous"]


@router.get("/mine")
async def my_reports(caller: Annotated[str, Depends(caller_of)]) -> list[str]:
    """List the caller's report names."""
    return [caller]
