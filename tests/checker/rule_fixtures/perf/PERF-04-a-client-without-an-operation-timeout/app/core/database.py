"""The only module that creates MongoDB clients."""

from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient

from app.core.config import Settings


def create_client(settings: Settings) -> AsyncIOMotorClient[dict[str, Any]]:
    """Create the pooled async client."""
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(  # expect: PERF-04 "MongoDB client without an operation timeout: pass timeoutMS (or socketTimeoutMS)"
        settings.MONGO_URI, maxPoolSize=50
    )
    return client
