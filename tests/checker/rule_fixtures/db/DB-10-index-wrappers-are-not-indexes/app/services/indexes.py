"""Indexes made at start-up."""

from motor.motor_asyncio import AsyncIOMotorDatabase


async def create_index(db: AsyncIOMotorDatabase) -> None:
    """Index plants by name."""
    await db["plants"].create_index(
        "name"  # expect-previous: DB-10, DB-11
    )


async def prepare(db: AsyncIOMotorDatabase) -> None:
    """A wrapper named like the call it makes is not an index."""
    await create_index(db)
