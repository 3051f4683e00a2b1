"""The only module that creates MongoDB clients."""

from collections.abc import AsyncIterator
from functools import lru_cache
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorDatabase

from app.core.config import Settings


def create_client(settings: Settings) -> AsyncIOMotorClient[dict[str, Any]]:
    """Create the pooled async client."""
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(
        settings.MONGO_URI, maxPoolSize=50, timeoutMS=5_000
    )
    return client


async def open_database() -> AsyncIterator[AsyncIOMotorDatabase[dict[str, Any]]]:
    """A client, its pool and an index for one request, closed after it."""
    settings = Settings()
    client = create_client(settings)  # expect: DB-02 "(open_database, a route or dependency, gets here)"
    database = client["items-dev"]
    # Items are looked up by name.
    await database["items"].create_index("name")  # expect: DB-10 "on every request (open_database, a route"
    try:
        yield database
    finally:
        client.close()


async def open_raw_database() -> AsyncIterator[AsyncIOMotorDatabase[dict[str, Any]]]:
    """The same, with the client built right here."""
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(  # expect: DB-02 "(open_raw_database, a route"
        Settings().MONGO_URI, maxPoolSize=50, timeoutMS=5_000
    )
    try:
        yield client["items-dev"]
    finally:
        client.close()


@lru_cache
def shared_client() -> AsyncIOMotorClient[dict[str, Any]]:
    """One client per process, built the first time: not one per request."""
    return create_client(Settings())
