"""Exports, behind dependencies that read a key header: one refuses, one not."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request

router = APIRouter(prefix="/exports", tags=["exports"])


async def verify_api_key(request: Request) -> str | None:
    """Reads the partner's key and lets every request through."""
    return request.headers.get("X-API-Key")


async def partner_key(x_api_key: Annotated[str, Header()]) -> str:
    """A required header, never compared with anything."""
    return x_api_key


async def checked_key(request: Request) -> str:
    """The partner's key, or 403 when it is not a known one."""
    key = request.headers.get("X-API-Key", "")
    if key not in {"partner-a", "partner-b"}:
        raise HTTPException(status_code=403, detail="unknown key")
    return key


@router.get("", dependencies=[Depends(verify_api_key)])  # expect: SEC-01
async def list_exports() -> list[str]:
    """List exports."""
    return []


@router.get("/{export_id}")  # expect: SEC-01
async def read_export(
    export_id: str, key: Annotated[str, Depends(partner_key)]
) -> list[str]:
    """One export."""
    return [export_id, key]


@router.get("/{export_id}/files", dependencies=[Depends(checked_key)])
async def list_export_files(export_id: str) -> list[str]:
    """The files of an export."""
    return [export_id]
