"""The only module that creates MongoDB clients: a blocking one."""
# expect-file: DB-02

from pymongo import MongoClient  # expect: DB-02

from app.core.config import Settings


def create_client(settings: Settings) -> MongoClient:
    """Create the pooled client."""
    return MongoClient(settings.MONGO_URI, maxPoolSize=50, timeoutMS=5_000)  # expect: DB-02
