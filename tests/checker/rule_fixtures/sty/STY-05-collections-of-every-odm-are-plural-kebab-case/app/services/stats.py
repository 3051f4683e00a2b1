"""Statistics."""

from typing import Any

from motor.motor_asyncio import AsyncIOMotorDatabase


async def stats(db: AsyncIOMotorDatabase[dict[str, Any]]) -> None:
    """Read the collections."""
    await db.orderItems.find_one({})  # expect: STY-05 "collection name 'orderItems' is not kebab-case: use 'order-items'"
    await db["system.profile"].find_one({})
    await db.command("ping")
