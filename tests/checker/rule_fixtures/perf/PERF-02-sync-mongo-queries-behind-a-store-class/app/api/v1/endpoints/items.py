"""Items."""

from fastapi import APIRouter, Response, status

from app.api.dependencies import CurrentUser, Database
from app.schemas.common import ItemCreate
from app.services.item_service import ItemStore

router = APIRouter(prefix="/items", tags=["items"])


@router.get("")
async def list_items(database: Database) -> list[str]:
    """List item names."""
    return ItemStore(database["items"]).names()  # expect: PERF-02


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_item(database: Database, user: CurrentUser, body: ItemCreate) -> str:
    """Create an item."""
    store = ItemStore(database["items"])
    return store.save(body.name, owner=user)  # expect: PERF-02


@router.delete("/{item_id}", status_code=204, response_class=Response)
async def delete_item(database: Database, item_id: str) -> Response:
    """Delete an item."""
    ItemStore(database["items"]).remove_item(item_id)  # expect: PERF-02
    return Response(status_code=204)


@router.get("/tags")
async def list_tags(database: Database) -> list[str]:
    """A set's add() is no query, though a helper elsewhere may share a name."""
    tags: set[str] = set()
    tags.add("new")
    return sorted(tags)
