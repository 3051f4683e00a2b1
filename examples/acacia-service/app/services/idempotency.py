"""Idempotency keys: one stored answer per caller and key, in MongoDB.

The semantics of the IETF httpapi draft "The Idempotency-Key HTTP Header
Field": the first request with a key claims it (:func:`begin`) and, once
answered, stores its answer (:func:`complete`); the same key with the same
request fingerprint replays that answer, with another fingerprint it is a
:class:`~app.core.errors.IdempotencyKeyReusedError` (422), and while the
first request runs it is an :class:`~app.core.errors.IdempotencyKeyInUseError`
(409).

A claim is a lease, not a lock: a request that fails, or whose database
went away before it could say how it ended, holds the key only until
:data:`LEASE_SECONDS` have passed, so the client's retry after
``Retry-After`` runs again. The retry keeps the claim's ``resource_id``: a
create that uses it as the new resource's id finds the resource the first
attempt stored (a duplicate key) instead of storing a second one. Records
expire after :data:`KEEP_SECONDS` (TTL index, ``m0005``).
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.core.database import IDEMPOTENCY_KEYS_COLLECTION, MongoDatabase
from app.core.errors import (
    DATABASE_RETRY_AFTER_SECONDS,
    IdempotencyKeyInUseError,
    IdempotencyKeyReusedError,
)
from app.models.common import new_public_id, utc_now

logger = logging.getLogger(__name__)

LEASE_SECONDS = DATABASE_RETRY_AFTER_SECONDS
"""How long a claim holds its key: a client retrying after a 503's
``Retry-After`` finds the lease of the failed attempt over."""
KEEP_SECONDS = 24 * 60 * 60
"""How long a key and its answer are kept (the draft suggests 24 hours)."""


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """The answer replayed for a key: status, body and the headers that matter."""

    status_code: int
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Claim:
    """The right to process one keyed request until the lease ends."""

    record_id: str
    lease_token: str
    resource_id: str
    """The id the request's new resource takes, the same on every retry."""


def _record_id(caller: str, key: str) -> str:
    """Keys are scoped to the caller: one caller never sees another's answers."""
    return json.dumps([caller, key])


def _seconds_left(lease_until: datetime, now: datetime) -> int:
    return max(1, math.ceil((lease_until - now).total_seconds()))


async def begin(
    database: MongoDatabase, *, caller: str, key: str, fingerprint: str
) -> Claim | StoredResponse:
    """Claim ``key`` for ``caller``, or return the answer it already has.

    Raises:
        IdempotencyKeyReusedError: The key was sent with another fingerprint.
        IdempotencyKeyInUseError: Another request holds the key's lease.
    """
    collection = database[IDEMPOTENCY_KEYS_COLLECTION]
    now = utc_now()
    record_id = _record_id(caller, key)
    token = new_public_id()
    lease = {
        "lease_token": token,
        "lease_until": now + timedelta(seconds=LEASE_SECONDS),
    }
    record: dict[str, Any] = {
        "_id": record_id,
        "fingerprint": fingerprint,
        "resource_id": new_public_id(),
        "expire_at": now + timedelta(seconds=KEEP_SECONDS),
        **lease,
    }
    try:
        await collection.insert_one(record)
    except DuplicateKeyError:
        pass
    else:
        return Claim(record_id, token, record["resource_id"])
    existing = await collection.find_one({"_id": record_id})
    if existing is None:  # expired between the insert and the read
        raise IdempotencyKeyInUseError(1)
    if existing["fingerprint"] != fingerprint:
        raise IdempotencyKeyReusedError()
    if "response" in existing:
        logger.info("idempotent replay", extra={"caller": caller})
        stored = existing["response"]
        return StoredResponse(stored["status_code"], stored["body"], stored["headers"])
    taken = await collection.find_one_and_update(
        {"_id": record_id, "response": None, "lease_until": {"$lte": now}},
        {"$set": lease},
        return_document=ReturnDocument.AFTER,
    )
    if taken is None:
        raise IdempotencyKeyInUseError(_seconds_left(existing["lease_until"], now))
    logger.info("idempotency lease taken over", extra={"caller": caller})
    return Claim(record_id, token, taken["resource_id"])


async def complete(
    database: MongoDatabase, claim: Claim, response: StoredResponse
) -> None:
    """Store the answer of the claimed request: later requests replay it."""
    await database[IDEMPOTENCY_KEYS_COLLECTION].update_one(
        {"_id": claim.record_id, "response": None},
        {
            "$set": {
                "response": {
                    "status_code": response.status_code,
                    "body": response.body,
                    "headers": response.headers,
                }
            },
            "$unset": {"lease_token": "", "lease_until": ""},
        },
    )


async def release(database: MongoDatabase, claim: Claim) -> None:
    """End the lease of a request that failed: a retry runs it again.

    The record stays, with its ``resource_id``: the failed attempt may have
    stored its resource after all, and the retry must find it.
    """
    await database[IDEMPOTENCY_KEYS_COLLECTION].update_one(
        {"_id": claim.record_id, "lease_token": claim.lease_token},
        {"$set": {"lease_until": utc_now()}},
    )
