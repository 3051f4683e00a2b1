"""Connect with PyMongo's native async client, the successor of Motor.

Same pool and timeouts as Motor; the only visible difference is that
``close()`` is a coroutine. Run it:
``MONGO_URI=mongodb://localhost:27017 python pymongo_async_client.py``
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError


# --8<-- [start:create_client]
def create_client(uri: str) -> AsyncMongoClient[dict[str, Any]]:
    """Create the process's only client; it connects on first use."""
    return AsyncMongoClient(
        uri,
        appname="acacia-snippet",
        maxPoolSize=20,
        minPoolSize=2,
        serverSelectionTimeoutMS=3_000,
        connectTimeoutMS=2_000,
        socketTimeoutMS=10_000,
        tz_aware=True,
    )


# --8<-- [end:create_client]


async def main() -> None:
    """Ping the server through a pooled client, then close the pool."""
    uri = os.environ.get("MONGO_URI")
    if not uri:
        sys.exit("MONGO_URI is not set: export MONGO_URI=mongodb://localhost:27017")
    client = create_client(uri)
    try:
        reply = await client.admin.command("ping")
        pool = client.options.pool_options
        print(f"ping ok: {reply['ok']}")
        print(f"pool: {pool.min_pool_size} to {pool.max_pool_size} connections")
    finally:
        await client.close()  # a coroutine with PyMongo's async API
    print("client closed")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except PyMongoError as error:  # one line, not a traceback
        sys.exit(f"MongoDB did not answer at MONGO_URI: {type(error).__name__}")
