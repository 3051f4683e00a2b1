"""Shared dependencies."""

from typing import Annotated, Any

from fastapi import Depends, Request
from pymongo.database import Database as MongoDatabase

from app.core.security import get_current_user


def get_database(request: Request) -> MongoDatabase[dict[str, Any]]:
    """The app's database."""
    database: MongoDatabase[dict[str, Any]] = request.app.state.database
    return database


Database = Annotated[MongoDatabase[dict[str, Any]], Depends(get_database)]
CurrentUser = Annotated[str, Depends(get_current_user)]
