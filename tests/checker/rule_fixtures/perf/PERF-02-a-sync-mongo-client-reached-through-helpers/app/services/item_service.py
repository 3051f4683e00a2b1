"""Items in the ``items`` collection, through small sync helpers."""

from typing import Any

from pymongo.collection import Collection
from pymongo.database import Database

ITEMS = "items"
Db = Database[dict[str, Any]]


def _names(collection: Collection[dict[str, Any]]) -> list[str]:
    """Every item's name (a blocking query)."""
    return [str(doc["name"]) for doc in collection.find({}, {"_id": False})]


def _store(database: Db, document: dict[str, str]) -> None:
    """Insert one item (a blocking write), two helpers down."""
    _write(database[ITEMS], document)


def _write(collection: Collection[dict[str, Any]], document: dict[str, str]) -> None:
    collection.insert_one(document)


async def list_names(database: Db) -> list[str]:
    """Every item's name."""
    return _names(database[ITEMS])  # expect: PERF-02


async def create(database: Db, name: str, *, owner: str) -> str:
    """Insert an item."""
    _store(database, {"id": name, "name": name, "owner": owner})  # expect: PERF-02
    return name


async def delete(database: Db, item_id: str) -> None:
    """Delete an item."""
    database[ITEMS].delete_one({"id": item_id})  # expect: PERF-02
