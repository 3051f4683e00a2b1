"""Indexes of the ``invoices`` collection."""

from app.core.database import INVOICES_COLLECTION
from migrations.base import IndexDefinition

DESCRIPTION = "Unique public id for invoices; per-user listing by date."

INDEXES: list[IndexDefinition] = [
    IndexDefinition(
        collection=INVOICES_COLLECTION,
        keys=(("id", 1),),
        options={"name": "invoices_id_unique", "unique": True},
        purpose="Looks invoices up by their public UUID and keeps it unique.",
    ),
    IndexDefinition(
        collection=INVOICES_COLLECTION,
        keys=(("user_id", 1), ("created_at", -1), ("id", -1)),
        options={"name": "invoices_user_id_created_at_id"},
        purpose=(
            "Serves GET /api/v1/users/{id}/invoices: one user's invoices, "
            "newest first with id as tie-break, without an in-memory sort."
        ),
    ),
]
