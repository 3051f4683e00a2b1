"""Items."""

from fastapi import APIRouter, Response, status

from app.api.dependencies import CurrentUser, Database
from app.schemas.common import ItemCreate
from app.services import item_service

router = APIRouter(prefix="/items", tags=["items"])


@router.get("")  # expect: SEC-01
async def list_items(database: Database) -> list[str]:
    """List item names."""
    return await item_service.list_names(database)


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_item(database: Database, user: CurrentUser, body: ItemCreate) -> str:
    """Create an item."""
    return await item_service.create(database, body.name, owner=user)


@router.delete("/{item_id}", status_code=204, response_class=Response)  # expect: SEC-01
async def delete_item(database: Database, item_id: str) -> Response:
    """Delete an item."""
    await item_service.delete(database, item_id)
    return Response(status_code=204)
