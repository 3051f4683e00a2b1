"""Plants."""

from typing import Any

from fastapi import APIRouter, Response

router = APIRouter(prefix="/plants")


@router.post("", status_code=201)  # expect: API-03 "`POST /api/v1/plants` takes `body` as an unvalidated dict: declare a Pydantic schema for it", API-03 "`POST /api/v1/plants` answers without a schema: set response_model= or a return type that is a Pydantic schema"
async def plant(body: dict) -> Any:
    """Plant one."""
    return body


@router.get("/{plant_id}/photo")
async def photo(plant_id: str) -> Response:
    """A response is not an answer without a schema."""
    return Response(content=b"", media_type="image/png")


@router.delete("/{plant_id}", status_code=204)
async def uproot(plant_id: str) -> None:
    """Nothing to answer."""
    return None
