"""Shared dependencies."""

from typing import Annotated, Any

from fastapi import Depends, Request
from pymongo.database import Database as SyncDatabase

from app.core.security import get_current_user


def get_database(request: Request) -> SyncDatabase[dict[str, Any]]:
    """The app's database."""
    database: SyncDatabase[dict[str, Any]] = request.app.state.database
    return database


Database = Annotated[SyncDatabase[dict[str, Any]], Depends(get_database)]
CurrentUser = Annotated[str, Depends(get_current_user)]
