"""Connect with Motor: one client per process, a bounded pool, explicit timeouts.

Run it: ``MONGO_URI=mongodb://localhost:27017 python motor_client.py``
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient
from pymongo.errors import PyMongoError

POOL_AND_TIMEOUTS: dict[str, Any] = {
    "maxPoolSize": 20,  # connections this process may open at once
    "minPoolSize": 2,  # kept open between bursts of requests
    "serverSelectionTimeoutMS": 3_000,  # give up quickly when no server answers
    "connectTimeoutMS": 2_000,
    "socketTimeoutMS": 10_000,  # no single operation waits forever
    "tz_aware": True,  # datetimes come back with their time zone
}


def create_client(uri: str) -> AsyncIOMotorClient[dict[str, Any]]:
    """Create the process's only client; it connects on first use."""
    return AsyncIOMotorClient(uri, appname="acacia-snippet", **POOL_AND_TIMEOUTS)


async def main() -> None:
    """Ping the server through a pooled client, then close the pool."""
    uri = os.environ.get("MONGO_URI")
    if not uri:
        sys.exit("MONGO_URI is not set: export MONGO_URI=mongodb://localhost:27017")
    client = create_client(uri)
    try:
        reply = await client.admin.command("ping")
        print(f"ping ok: {reply['ok']}")
        pool = (POOL_AND_TIMEOUTS["minPoolSize"], POOL_AND_TIMEOUTS["maxPoolSize"])
        print(f"pool: {pool[0]} to {pool[1]} connections")
        timeout = POOL_AND_TIMEOUTS["serverSelectionTimeoutMS"]
        print(f"server selection timeout: {timeout / 1000} s")
    finally:
        client.close()  # Motor's close() is a plain call
    print("client closed")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except PyMongoError as error:  # one line, not a traceback
        sys.exit(f"MongoDB did not answer at MONGO_URI: {type(error).__name__}")
