"""Reports."""

from motor.motor_asyncio import AsyncIOMotorClient


def reports_client(uri: str) -> object:
    """A second client."""
    return AsyncIOMotorClient(uri, timeoutMS=5_000)  # expect: DB-01
