"""Clients made outside app/core/database.py."""

from motor.motor_asyncio import AsyncIOMotorClient

client = AsyncIOMotorClient("mongodb://localhost:27017", timeoutMS=5_000)
