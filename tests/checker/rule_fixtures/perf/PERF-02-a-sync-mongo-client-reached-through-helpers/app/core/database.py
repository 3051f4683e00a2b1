"""The only module that creates MongoDB clients: here a blocking one."""
# expect-file: DB-02

from typing import Any

from pymongo import MongoClient  # expect: DB-02

from app.core.config import Settings


def create_client(settings: Settings) -> MongoClient[dict[str, Any]]:
    """Create the pooled client (PyMongo's synchronous one)."""
    client: MongoClient[dict[str, Any]] = MongoClient(  # expect: DB-02
        settings.MONGO_URI, maxPoolSize=50, timeoutMS=5_000
    )
    return client
