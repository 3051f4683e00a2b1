"""An async pytest fixture that gives each test its own database on a real server.

Tests never share data, so they run in any order and in parallel; the
database is dropped after each test. Run it:
``MONGO_URI=mongodb://localhost:27017 python per_test_database.py``
(or ``pytest per_test_database.py``).
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

MONGO_URI = os.environ.get("MONGO_URI", "")


# --8<-- [start:fixture]
@pytest_asyncio.fixture
async def database() -> AsyncIterator[AsyncDatabase[dict[str, Any]]]:
    """A fresh ``acacia-analytics-test-<random>`` database, dropped afterwards."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        MONGO_URI, serverSelectionTimeoutMS=3_000
    )
    name = f"acacia-analytics-test-{uuid.uuid4().hex[:12]}"
    try:
        yield client[name]
    finally:
        await client.drop_database(name)
        await client.close()


# --8<-- [end:fixture]


@pytest.mark.asyncio
async def test_an_insert_is_seen_by_its_own_test(database: AsyncDatabase[Any]) -> None:
    await database.orders.insert_one({"user_id": "u-1", "total_cents": 1250})
    assert await database.orders.count_documents({}) == 1


@pytest.mark.asyncio
async def test_the_next_test_starts_empty(database: AsyncDatabase[Any]) -> None:
    assert await database.orders.count_documents({}) == 0


class PrintOutcomes:
    """A pytest plugin printing one line per test (and why it failed)."""

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or report.failed:
            print(f"{report.outcome}: {report.head_line}")
            print(report.longreprtext, end="")  # empty unless it failed


if __name__ == "__main__":
    if not MONGO_URI:
        sys.exit("MONGO_URI is not set: export MONGO_URI=mongodb://localhost:27017")
    options = ["-c", os.devnull, "-p", "no:terminal", "-p", "no:cacheprovider"]
    options += ["-o", "asyncio_default_fixture_loop_scope=function"]
    sys.exit(pytest.main([__file__, *options], plugins=[PrintOutcomes()]))
