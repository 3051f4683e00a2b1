"""Failed logins per account expire on their own."""

from app.core.database import LOGIN_FAILURES_COLLECTION
from migrations.base import IndexDefinition

DESCRIPTION = "TTL index: an account's failed-login count disappears when it expires."

INDEXES: list[IndexDefinition] = [
    IndexDefinition(
        collection=LOGIN_FAILURES_COLLECTION,
        keys=(("expire_at", 1),),
        options={"name": "login_failures_expire_at_ttl", "expireAfterSeconds": 0},
        purpose=(
            "Drops an account's failure count once its back-off has long passed, "
            "so the collection holds only accounts under attack."
        ),
    ),
]
