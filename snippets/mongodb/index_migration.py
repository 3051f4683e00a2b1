"""An index migration: every index named, versioned in git, and given its purpose.

Creating an index that already exists is a no-op, so the migration can run on
every deploy. Run it:
``MONGO_URI=mongodb://localhost:27017 python index_migration.py``
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorDatabase
from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.errors import PyMongoError

# (collection, index, the query it serves and why)
INDEXES: list[tuple[str, IndexModel, str]] = [
    (
        "users",
        IndexModel([("email", ASCENDING)], name="users_email_unique", unique=True),
        "login finds a user by email; unique: one account per email",
    ),
    (
        "orders",
        IndexModel(
            [("user_id", ASCENDING), ("created_at", DESCENDING)],
            name="orders_user_newest_first",
        ),
        "a user's orders, newest first, without an in-memory sort",
    ),
]


async def migrate(database: AsyncIOMotorDatabase[dict[str, Any]]) -> None:
    """Create each index (idempotent) and say why it exists."""
    for collection, index, purpose in INDEXES:
        (name,) = await database[collection].create_indexes([index])
        print(f"{collection}.{name}: {purpose}")


async def main() -> None:
    uri = os.environ.get("MONGO_URI")
    if not uri:
        sys.exit("MONGO_URI is not set: export MONGO_URI=mongodb://localhost:27017")
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(
        uri, serverSelectionTimeoutMS=3_000
    )
    try:
        await migrate(client[os.environ.get("DATABASE_NAME", "acacia-analytics-dev")])
    finally:
        client.close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except PyMongoError as error:  # one line, not a traceback
        sys.exit(f"MongoDB did not answer at MONGO_URI: {type(error).__name__}")
