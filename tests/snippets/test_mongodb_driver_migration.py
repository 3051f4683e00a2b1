"""snippets/mongodb/driver_migration.py: the same service code on both drivers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from snippets.mongodb.driver_migration import (
    open_motor_client,
    open_pymongo_client,
    register_email,
)

pytestmark = pytest.mark.integration

OPENERS: dict[str, Callable[[str], Any]] = {
    "motor": open_motor_client,
    "pymongo-async": open_pymongo_client,
}


@pytest.mark.parametrize("driver", sorted(OPENERS))
async def test_register_email_round_trips_without_id_on_each_driver(
    driver: str, mongo_uri: str, unique_db_name: str
) -> None:
    client = OPENERS[driver](mongo_uri)
    try:
        users = client[unique_db_name]["users"]
        stored = await register_email(users, f"{driver}@acacia.example")
        assert stored == {"email": f"{driver}@acacia.example"}
        assert await users.count_documents({}) == 1
    finally:
        await client.drop_database(unique_db_name)
        closed = client.close()
        if closed is not None:
            await closed
