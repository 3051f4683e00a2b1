"""The only module that creates MongoDB clients."""

from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient

from app.core.config import Settings


def create_client(settings: Settings) -> AsyncIOMotorClient[dict[str, Any]]:
    """Create the pooled async client."""
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(
        settings.MONGO_URI, maxPoolSize=50, timeoutMS=5_000
    )
    return client


USER = "app"
PASSWORD = "hunter2"  # expect: SEC-08
HOST = "db.internal"
reports = AsyncIOMotorClient(
    f"mongodb://{USER}:{PASSWORD}@{HOST}/", timeoutMS=5_000  # expect: DB-03
)
secret = AsyncIOMotorClient(
    f"mongodb://{USER}:{read_password()}@{HOST}/", timeoutMS=5_000
)
