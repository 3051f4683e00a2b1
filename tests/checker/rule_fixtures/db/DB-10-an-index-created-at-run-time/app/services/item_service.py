"""Items in the ``items`` collection."""

from typing import Any

from motor.motor_asyncio import AsyncIOMotorDatabase

ITEMS = "items"
Db = AsyncIOMotorDatabase[dict[str, Any]]


async def list_names(database: Db) -> list[str]:
    """Every item's name."""
    cursor = database[ITEMS].find({}, {"_id": False, "name": True})
    return [str(doc["name"]) async for doc in cursor]


async def create(database: Db, name: str, *, owner: str) -> str:
    """Insert an item."""
    # Items are looked up by name.
    await database[ITEMS].create_index("name")  # expect: DB-10
    await database[ITEMS].insert_one({"id": name, "name": name, "owner": owner})
    return name


async def delete(database: Db, item_id: str) -> None:
    """Delete an item."""
    await database[ITEMS].delete_one({"id": item_id})
