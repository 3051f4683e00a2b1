"""FastAPI dependencies shared by endpoints."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Query, Request

from app.core.config import Settings
from app.core.database import MongoDatabase
from app.schemas.common import PaginationParams


# --8<-- [start:get_database]
def get_database(request: Request) -> MongoDatabase:
    """Return the database opened by the lifespan (see ``app.main``).

    Tests swap it with ``app.dependency_overrides[get_database]``.
    """
    return cast(MongoDatabase, request.app.state.database)


Database = Annotated[MongoDatabase, Depends(get_database)]
"""Inject with ``database: Database`` in an endpoint signature."""
# --8<-- [end:get_database]


def get_app_settings(request: Request) -> Settings:
    """Return the settings the app was built with."""
    return cast(Settings, request.app.state.settings)


AppSettings = Annotated[Settings, Depends(get_app_settings)]
"""Inject with ``settings: AppSettings``."""


def get_pagination(
    limit: Annotated[int, Query(ge=1, le=100, description="Page size.")] = 20,
    offset: Annotated[int, Query(ge=0, description="Items to skip.")] = 0,
) -> PaginationParams:
    """Validate ``limit`` (1..100, default 20) and ``offset`` (>= 0)."""
    return PaginationParams(limit=limit, offset=offset)


Pagination = Annotated[PaginationParams, Depends(get_pagination)]
"""Inject with ``page: Pagination``."""
