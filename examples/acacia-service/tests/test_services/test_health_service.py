"""``check_database``: the health check's logic, outside the endpoint."""

from __future__ import annotations

import pytest

from app.core.database import MongoDatabase, close_client, create_pymongo_client
from app.core.errors import DatabaseUnavailableError
from app.services import health_service
from tests.conftest import SettingsFactory

pytestmark = pytest.mark.integration


async def test_check_database_returns_when_the_database_answers(
    database: MongoDatabase,
) -> None:
    await health_service.check_database(database, timeout_seconds=2.0)


@pytest.mark.slow
async def test_check_database_raises_the_domain_error_when_nothing_listens(
    make_settings: SettingsFactory, unused_port: int
) -> None:
    settings = make_settings(
        MONGO_URI=f"mongodb://127.0.0.1:{unused_port}/?directConnection=true",
        MONGO_SERVER_SELECTION_TIMEOUT_MS=200,
    )
    client = create_pymongo_client(settings)
    try:
        with pytest.raises(DatabaseUnavailableError, match="not reachable"):
            await health_service.check_database(
                client[settings.database_name], timeout_seconds=2.0
            )
    finally:
        await close_client(client)
