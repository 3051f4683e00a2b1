"""Audit entries: the database comes under names that do not say so."""

from typing import Any

from motor.motor_asyncio import AsyncIOMotorDatabase

store: AsyncIOMotorDatabase[dict[str, Any]] | None = None
"""Set once at start-up by whoever records audit entries."""


async def record(entry: dict[str, str]) -> None:
    """Keep one entry, if the store is set."""
    if store is not None:
        await store["AuditEntry"].insert_one(entry)  # expect: STY-05


async def forget(conn: AsyncIOMotorDatabase[dict[str, Any]], entry_id: str) -> None:
    """Drop one entry from the store handed over."""
    await conn["audit_trail"].delete_one({"id": entry_id})  # expect: STY-05
