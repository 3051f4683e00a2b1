"""The only module that creates MongoDB clients."""

from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient

from app.core.config import Settings


def create_client(settings: Settings) -> AsyncIOMotorClient[dict[str, Any]]:
    """Create the pooled async client."""
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(
        "mongodb://localhost:27017/?timeoutMS=5000", maxPoolSize=50
    )
    return client
