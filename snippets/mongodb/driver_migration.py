"""One service function, two drivers: Motor today, PyMongo's async API tomorrow.

Motor is deprecated (May 2025, end of life May 2026). Code written against the
shared async collection interface runs on both, so a service can switch drivers
by changing only ``app/core/database.py``.
"""

from __future__ import annotations

from typing import Any, Protocol

# --8<-- [start:clients]
from motor.motor_asyncio import AsyncIOMotorClient
from pymongo import AsyncMongoClient


def open_motor_client(uri: str) -> AsyncIOMotorClient[dict[str, Any]]:
    """The client the SOP mandates (Motor), with an explicit pool and timeouts."""
    return AsyncIOMotorClient(
        uri, maxPoolSize=20, minPoolSize=1, serverSelectionTimeoutMS=2_000
    )


def open_pymongo_client(uri: str) -> AsyncMongoClient[dict[str, Any]]:
    """Its replacement (PyMongo >= 4.13), same options, same call sites."""
    return AsyncMongoClient(
        uri, maxPoolSize=20, minPoolSize=1, serverSelectionTimeoutMS=2_000
    )


# --8<-- [end:clients]


# --8<-- [start:service]
class UsersCollection(Protocol):
    """The slice of the collection API both drivers share."""

    async def insert_one(self, document: dict[str, Any]) -> object: ...
    async def find_one(
        self, query: dict[str, Any], projection: dict[str, Any]
    ) -> dict[str, Any] | None: ...


async def register_email(users: UsersCollection, email: str) -> dict[str, Any] | None:
    """Store an email and read it back without ``_id``, on either driver."""
    await users.insert_one({"email": email})
    return await users.find_one({"email": email}, {"_id": 0})


# --8<-- [end:service]
