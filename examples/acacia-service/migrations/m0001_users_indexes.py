"""Indexes of the ``users`` collection."""

from app.core.database import USERS_COLLECTION
from migrations.base import IndexDefinition

DESCRIPTION = "Unique public id and email for users; created_at for listing."

# --8<-- [start:users_indexes]
INDEXES: list[IndexDefinition] = [
    IndexDefinition(
        collection=USERS_COLLECTION,
        keys=(("id", 1),),
        options={"name": "users_id_unique", "unique": True},
        purpose="Looks users up by their public UUID and keeps it unique.",
    ),
    IndexDefinition(
        collection=USERS_COLLECTION,
        keys=(("email", 1),),
        options={"name": "users_email_unique", "unique": True},
        purpose="Enforces one account per email address (409 on duplicates).",
    ),
    IndexDefinition(
        collection=USERS_COLLECTION,
        keys=(("created_at", 1),),
        options={"name": "users_created_at"},
        purpose="Serves the paginated user list, sorted oldest first.",
    ),
]
# --8<-- [end:users_indexes]
