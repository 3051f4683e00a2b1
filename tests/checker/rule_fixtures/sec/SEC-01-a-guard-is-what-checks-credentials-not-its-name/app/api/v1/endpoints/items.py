"""Items, behind a dependency named for auth that guards nothing."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from app.api.dependencies import Database
from app.schemas.common import ItemCreate
from app.services import item_service
from app.services.auth_service import AuthService, get_auth_service

router = APIRouter(prefix="/items", tags=["items"])
Auth = Annotated[AuthService, Depends(get_auth_service)]


@router.get("")  # expect: SEC-01
async def list_items(database: Database, auth: Auth) -> list[str]:
    """List item names."""
    return await item_service.list_names(database)


@router.post("", status_code=status.HTTP_201_CREATED)  # expect: SEC-01
async def create_item(database: Database, auth: Auth, body: ItemCreate) -> str:
    """Create an item."""
    return await item_service.create(database, body.name, owner="someone")


@router.delete(  # expect: SEC-01
    "/{item_id}",
    status_code=204,
    response_class=Response,
    dependencies=[Depends(AuthService)],
)
async def delete_item(database: Database, item_id: str) -> Response:
    """Delete an item."""
    await item_service.delete(database, item_id)
    return Response(status_code=204)
