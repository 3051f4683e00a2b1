"""Compound indexes matching the full sort of each paginated list."""

from app.core.database import ORDERS_COLLECTION, USERS_COLLECTION
from migrations.base import IndexDefinition

DESCRIPTION = "List indexes ending in id, so each page is read in index order."

INDEXES: list[IndexDefinition] = [
    IndexDefinition(
        collection=USERS_COLLECTION,
        keys=(("created_at", 1), ("id", 1)),
        options={"name": "users_created_at_id"},
        purpose=(
            "Serves GET /api/v1/users, sorted by created_at then id (the tie-break "
            "keeps pages stable), without an in-memory sort."
        ),
    ),
    # --8<-- [start:orders_list_index]
    IndexDefinition(
        collection=ORDERS_COLLECTION,
        keys=(("user_id", 1), ("created_at", -1), ("id", -1)),
        options={"name": "orders_user_id_created_at_id"},
        purpose=(
            "Serves GET /api/v1/users/{id}/orders: one user's orders, "
            "newest first with id as tie-break, without an in-memory sort."
        ),
    ),
    # --8<-- [end:orders_list_index]
]
