"""Per-account back-off: doubles after the free failures, capped, reset on success."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.core.database import MongoDatabase
from app.core.errors import RateLimitExceededError
from app.services.login_throttle import (
    BackoffPolicy,
    ensure_not_backing_off,
    record_failure,
    reset,
)

pytestmark = pytest.mark.integration

POLICY = BackoffPolicy(free_failures=3, base_seconds=2, max_seconds=30)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_the_wait_doubles_after_the_free_failures_up_to_the_cap() -> None:
    waits = [POLICY.wait_after(failures) for failures in range(1, 10)]

    assert waits == [0, 0, 2, 4, 8, 16, 30, 30, 30]
    assert BackoffPolicy(1, 1, 900).wait_after(10_000) == 900


async def _retry_after(database: MongoDatabase, now: datetime) -> int:
    try:
        await ensure_not_backing_off(database, "a@acacia.io", POLICY, now=now)
    except RateLimitExceededError as error:
        return error.retry_after_seconds
    return 0


async def test_an_account_waits_after_its_last_failure_until_a_success(
    database: MongoDatabase,
) -> None:
    for _ in range(5):
        await record_failure(database, "a@acacia.io", POLICY, now=T0)

    assert await _retry_after(database, T0) == 8
    assert await _retry_after(database, T0 + timedelta(seconds=7.5)) == 1
    assert await _retry_after(database, T0 + timedelta(seconds=8)) == 0
    assert await _retry_after(database, T0 - timedelta(days=1)) == 8  # clock skew
    await reset(database, "a@acacia.io")
    assert await _retry_after(database, T0) == 0
