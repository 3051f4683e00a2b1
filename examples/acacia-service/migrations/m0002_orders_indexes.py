"""Indexes of the ``orders`` collection."""

from app.core.database import ORDERS_COLLECTION
from migrations.base import IndexDefinition

DESCRIPTION = "Unique public id for orders; per-user listing by date."

INDEXES: list[IndexDefinition] = [
    IndexDefinition(
        collection=ORDERS_COLLECTION,
        keys=(("id", 1),),
        options={"name": "orders_id_unique", "unique": True},
        purpose="Looks orders up by their public UUID and keeps it unique.",
    ),
    # --8<-- [start:list_index]
    IndexDefinition(
        collection=ORDERS_COLLECTION,
        keys=(("user_id", 1), ("created_at", -1)),
        options={"name": "orders_user_id_created_at"},
        purpose="Lists one user's orders newest first and deletes them with the user.",
    ),
    # --8<-- [end:list_index]
]
