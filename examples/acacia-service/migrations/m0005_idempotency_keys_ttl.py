"""Idempotency keys and their stored answers expire on their own."""

from app.core.database import IDEMPOTENCY_KEYS_COLLECTION
from migrations.base import IndexDefinition

DESCRIPTION = "TTL index: an Idempotency-Key and its answer disappear after a day."

INDEXES: list[IndexDefinition] = [
    IndexDefinition(
        collection=IDEMPOTENCY_KEYS_COLLECTION,
        keys=(("expire_at", 1),),
        options={"name": "idempotency_keys_expire_at_ttl", "expireAfterSeconds": 0},
        purpose=(
            "Drops a key and its stored answer once clients have long stopped "
            "retrying (app.services.idempotency.KEEP_SECONDS)."
        ),
    ),
]
