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


def create_reporting_client(settings: Settings) -> object:
    """Create a blocking client beside the async one."""
    from pymongo import MongoClient  # expect: DB-02

    return MongoClient(settings.MONGO_URI, timeoutMS=5_000)  # expect: DB-02
