"""The only module that creates MongoDB clients.

The app runs on Motor; :func:`create_pymongo_client` builds PyMongo's native
async client with the same options, which is the migration path away from
Motor. Services accept either database type (:data:`MongoDatabase`).
"""

from __future__ import annotations

from typing import Any, TypeAlias, cast

from limits.aio.storage import MongoDBStorage
from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorDatabase
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError
from pymongo.topology_description import TopologyDescription

from app.core.config import Settings

# --8<-- [start:database_types]
Document: TypeAlias = dict[str, Any]
"""A raw BSON document as the drivers return it."""

MongoDatabase: TypeAlias = AsyncIOMotorDatabase[Document] | AsyncDatabase[Document]
"""A database handle from Motor or from PyMongo's async API; services take either."""

MongoClient: TypeAlias = AsyncIOMotorClient[Document] | AsyncMongoClient[Document]
"""A client from Motor or from PyMongo's async API."""
# --8<-- [end:database_types]


USERS_COLLECTION = "users"
ORDERS_COLLECTION = "orders"
LOGIN_FAILURES_COLLECTION = "login-failures"
IDEMPOTENCY_KEYS_COLLECTION = "idempotency-keys"
"""The service's collections: services and migrations name them only here."""


# --8<-- [start:create_client]
def _client_options(settings: Settings) -> dict[str, Any]:
    """Connection-pool, timeout and write-concern options shared by both drivers.

    ``timeoutMS`` gives every operation a client-side deadline, so a hung
    database costs a request at most that long before its 503. Every write
    is journaled (``j: true``) and, with ``w="majority"``, on most members
    before it is acknowledged: a 201 is never lost in a crash or failover.
    """
    return {
        "maxPoolSize": settings.MONGO_MAX_POOL_SIZE,
        "minPoolSize": settings.MONGO_MIN_POOL_SIZE,
        "serverSelectionTimeoutMS": settings.MONGO_SERVER_SELECTION_TIMEOUT_MS,
        "connectTimeoutMS": settings.MONGO_CONNECT_TIMEOUT_MS,
        "socketTimeoutMS": settings.MONGO_SOCKET_TIMEOUT_MS,
        "timeoutMS": settings.MONGO_TIMEOUT_MS,
        "w": settings.write_concern_w,
        "journal": True,
        "tz_aware": True,
        "uuidRepresentation": "standard",
        "appname": "acacia-analytics-api",
    }


def create_motor_client(settings: Settings) -> AsyncIOMotorClient[Document]:
    """Create the Motor client the application uses (no I/O happens here).

    Args:
        settings: Supplies ``MONGO_URI``, pool sizes and timeouts.

    Returns:
        A lazily connecting client; close it with ``client.close()``.
    """
    client: AsyncIOMotorClient[Document] = AsyncIOMotorClient(
        settings.MONGO_URI, **_client_options(settings)
    )
    return client


# --8<-- [end:create_client]


# --8<-- [start:create_pymongo_client]
def create_pymongo_client(settings: Settings) -> AsyncMongoClient[Document]:
    """Create a PyMongo ``AsyncMongoClient`` with the same options as Motor's.

    Args:
        settings: Supplies ``MONGO_URI``, pool sizes and timeouts.

    Returns:
        A lazily connecting client; close it with ``await client.close()``.
    """
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        settings.MONGO_URI, **_client_options(settings)
    )
    return client


# --8<-- [end:create_pymongo_client]


def create_client(settings: Settings) -> MongoClient:
    """The client of ``MONGO_DRIVER``: Motor (default) or PyMongo's async client."""
    if settings.MONGO_DRIVER == "pymongo":
        return create_pymongo_client(settings)
    return create_motor_client(settings)


# --8<-- [start:rate_limit_storage]
RATE_LIMIT_COUNTERS = "rate-limit-counters"
RATE_LIMIT_WINDOWS = "rate-limit-windows"


def create_rate_limit_storage(settings: Settings) -> MongoDBStorage:
    """Create the ``limits`` storage that keeps rate-limit counters in MongoDB.

    Counters live in the service's own database (kebab-case collections with
    a TTL index on ``expireAt``), so every worker and every Cloud Run instance
    shares one budget per client. The storage uses Motor: nothing blocks the
    event loop.
    """
    return MongoDBStorage(
        "async+" + settings.MONGO_URI,
        database_name=settings.database_name,
        counter_collection_name=RATE_LIMIT_COUNTERS,
        window_collection_name=RATE_LIMIT_WINDOWS,
        **_client_options(settings),
    )


# --8<-- [end:rate_limit_storage]


async def close_client(client: MongoClient) -> None:
    """Close a client of either driver (Motor's ``close`` is sync)."""
    if isinstance(client, AsyncMongoClient):
        await client.close()
    else:
        client.close()


AUTH_FAILED = "authentication failed: check the user and password in MONGO_URI"


def is_auth_failure(error: BaseException) -> bool:
    """Whether MongoDB refused the credentials (code 18), however it surfaced."""
    return isinstance(error, PyMongoError) and (
        getattr(error, "code", None) == 18
        or "authentication failed" in str(error).lower()
    )


def server_errors(database: MongoDatabase) -> list[BaseException]:
    """The errors the driver last saw per server (why server selection fails)."""
    # Motor wraps a PyMongo client in ``delegate``; on PyMongo's own async
    # client ``.delegate`` would be a database of that name, so do not ask it.
    client = (
        database.client
        if isinstance(database.client, AsyncMongoClient)
        else database.client.delegate
    )
    topology = cast(TopologyDescription, client.topology_description)
    servers = topology.server_descriptions().values()
    return [server.error for server in servers if server.error is not None]


def describe_db_error(error: BaseException) -> str:
    """A one-line reason for logs and health, naming bad credentials explicitly."""
    return AUTH_FAILED if is_auth_failure(error) else type(error).__name__


async def ping(database: MongoDatabase) -> None:
    """Run the ``ping`` command; raises a PyMongo error when unreachable."""
    await database.command("ping")
