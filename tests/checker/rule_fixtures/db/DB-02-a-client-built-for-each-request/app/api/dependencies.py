"""Shared dependencies."""

from typing import Annotated, Any

from fastapi import Depends
from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorDatabase

from app.core.database import open_database, open_raw_database, shared_client
from app.core.security import get_current_user


def get_database(
    database: Annotated[AsyncIOMotorDatabase[dict[str, Any]], Depends(open_database)],
    raw: Annotated[AsyncIOMotorDatabase[dict[str, Any]], Depends(open_raw_database)],
    shared: Annotated[AsyncIOMotorClient[dict[str, Any]], Depends(shared_client)],
) -> AsyncIOMotorDatabase[dict[str, Any]]:
    """The request's database."""
    return shared["items-dev"] if shared is not None else raw or database


Database = Annotated[AsyncIOMotorDatabase[dict[str, Any]], Depends(get_database)]
CurrentUser = Annotated[str, Depends(get_current_user)]
