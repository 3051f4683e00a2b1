"""Per-account login back-off: only failures count, a success resets them.

After ``LOGIN_FREE_FAILURES`` failed logins, an account waits
``LOGIN_BACKOFF_BASE_SECONDS`` before the next attempt, then twice as long
after each further failure, up to ``LOGIN_BACKOFF_MAX_SECONDS``. Strangers
guessing an account slow its owner down for at most that long, never for an
hour; the per-address limit (``RATE_LIMIT_TOKEN``) still caps each guesser.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pymongo import ReturnDocument

from app.core.config import Settings
from app.core.database import LOGIN_FAILURES_COLLECTION, MongoDatabase
from app.core.errors import RateLimitExceededError


@dataclass(frozen=True, slots=True)
class BackoffPolicy:
    """How many failures are free and how the wait grows after them."""

    free_failures: int
    base_seconds: float
    max_seconds: float

    @classmethod
    def from_settings(cls, settings: Settings) -> BackoffPolicy:
        """The policy of ``LOGIN_*``."""
        return cls(
            settings.LOGIN_FREE_FAILURES,
            settings.LOGIN_BACKOFF_BASE_SECONDS,
            settings.LOGIN_BACKOFF_MAX_SECONDS,
        )

    def wait_after(self, failures: int) -> float:
        """Seconds an account waits after its ``failures``-th failure."""
        if failures < self.free_failures:
            return 0.0
        doublings = min(failures - self.free_failures, 32)
        return float(min(self.base_seconds * 2**doublings, self.max_seconds))


def _now() -> datetime:
    return datetime.now(UTC)


async def ensure_not_backing_off(
    database: MongoDatabase,
    account: str,
    policy: BackoffPolicy,
    *,
    now: datetime | None = None,
) -> None:
    """Refuse an attempt while ``account`` waits after its last failure.

    Raises:
        RateLimitExceededError: With the seconds left to wait (``Retry-After``).
    """
    record = await database[LOGIN_FAILURES_COLLECTION].find_one({"_id": account})
    if record is None:
        return
    wait = policy.wait_after(int(record["failures"]))
    last_failure: datetime = record["last_failure_at"]
    if last_failure.tzinfo is None:  # drivers without tz_aware
        last_failure = last_failure.replace(tzinfo=UTC)
    elapsed = ((now or _now()) - last_failure).total_seconds()
    remaining = wait - max(elapsed, 0.0)  # another instance's clock may run ahead
    if remaining > 0:
        raise RateLimitExceededError(max(1, math.ceil(remaining)))


async def record_failure(
    database: MongoDatabase,
    account: str,
    policy: BackoffPolicy,
    *,
    now: datetime | None = None,
) -> int:
    """Count one failed login of ``account``; return its failures so far."""
    at = now or _now()
    record = await database[LOGIN_FAILURES_COLLECTION].find_one_and_update(
        {"_id": account},
        {
            "$inc": {"failures": 1},
            "$set": {
                "last_failure_at": at,
                "expire_at": at + timedelta(seconds=2 * policy.max_seconds),
            },
        },
        upsert=True,
        return_document=ReturnDocument.AFTER,
    )
    return int(record["failures"]) if record else 1


async def reset(database: MongoDatabase, account: str) -> None:
    """Forget the failures of ``account`` (after a successful login)."""
    await database[LOGIN_FAILURES_COLLECTION].delete_one({"_id": account})
