"""First-admin seeding when several workers start at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from app.core.config import Settings
from app.core.database import MongoDatabase, close_client, create_pymongo_client
from app.services import auth_service
from tests.conftest import ADMIN_EMAIL

pytestmark = pytest.mark.integration


@pytest.fixture
async def fresh_database(settings: Settings) -> AsyncIterator[MongoDatabase]:
    """A database no migration ran on (no unique email index)."""
    client = create_pymongo_client(settings)
    try:
        yield client[settings.database_name]
    finally:
        await client.drop_database(settings.database_name)
        await close_client(client)


async def test_workers_starting_together_create_one_first_admin(
    fresh_database: MongoDatabase, settings: Settings
) -> None:
    created = await asyncio.gather(
        *(auth_service.ensure_first_admin(fresh_database, settings) for _ in range(4))
    )

    assert sorted(created) == [False, False, False, True]
    assert await fresh_database["users"].count_documents({"email": ADMIN_EMAIL}) == 1
