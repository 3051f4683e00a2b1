"""Items, kept by a store object around the synchronous ``items`` collection.

Its methods are plain ``def``s that query MongoDB through PyMongo, so an
``async def`` route that calls them blocks the event loop on every query.
"""

from typing import Any


class ItemStore:
    """Reads and writes items."""

    def __init__(self, items_collection: Any) -> None:
        self.items_collection = items_collection

    def names(self) -> list[str]:
        """Every item's name."""
        cursor = self.items_collection.find({}, {"_id": False, "name": True})
        return [str(doc["name"]) for doc in cursor]

    def save(self, name: str, owner: str) -> str:
        """Insert an item."""
        self.items_collection.insert_one({"id": name, "name": name, "owner": owner})
        return name

    def remove_item(self, item_id: str) -> None:
        """Delete an item, through the store's other method."""
        self._delete(item_id)

    def _delete(self, item_id: str) -> None:
        self.items_collection.delete_one({"id": item_id})
