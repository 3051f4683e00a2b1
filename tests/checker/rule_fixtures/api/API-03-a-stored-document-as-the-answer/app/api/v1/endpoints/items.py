"""Items, read through the Beanie document."""

from fastapi import APIRouter, HTTPException

from app.models.stored import StoredItem
from app.schemas.common import ItemCreate, ItemOut

router = APIRouter(prefix="/items", tags=["items"])


@router.get("", response_model=list[StoredItem])  # expect: API-03 "stored document"
async def list_items() -> list[StoredItem]:
    """The stored documents themselves, every field included."""
    return await StoredItem.find_all().to_list()


@router.get("/{item_id}")  # expect: API-03 "stored document"
async def get_item(item_id: str) -> StoredItem:
    """The return type is the response model: the document again."""
    found = await StoredItem.get(item_id)
    if found is None:
        raise HTTPException(status_code=404, detail="no such item")
    return found


@router.get("/{item_id}/summary", response_model=ItemOut)
async def get_item_summary(item_id: str) -> StoredItem:
    """A response schema filters the document: nothing internal goes out."""
    found = await StoredItem.get(item_id)
    if found is None:
        raise HTTPException(status_code=404, detail="no such item")
    return found


@router.post("", status_code=201, response_model=ItemOut)
async def create_item(body: ItemCreate) -> StoredItem:
    """Store an item and answer its schema."""
    item = StoredItem(name=body.name, owner="me")
    await item.insert()
    return item
