"""Keyed writes retried after a 503 never store an order twice."""

from __future__ import annotations

import asyncio
import signal
import uuid
from collections import Counter

import pytest

from app.core.database import ORDERS_COLLECTION, close_client, create_pymongo_client
from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    USER_PASSWORD,
    DatabaseProcess,
    SettingsFactory,
    login,
    migrate,
    serve,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WRITERS = 6
ORDERS_PER_WRITER = 8
PAUSE_EVERY = 10
"""The database is paused each time this many more orders are acknowledged,
so each pause meets the writers in every step of a request, the order's
insert among them: sent, then answered 503, then applied when it resumes."""
PAUSES = 3
PAUSE_SECONDS = 2.0


async def test_writers_retrying_with_their_key_after_503_store_each_order_once(
    make_settings: SettingsFactory, database_process: DatabaseProcess
) -> None:
    # Everything but the keyed writes runs under the default timeout: on a
    # loaded machine, migrating, seeding or reading back can take over 500 ms.
    unhurried = make_settings(MONGO_URI=database_process.uri, RATE_LIMIT_ENABLED=False)
    await migrate(unhurried)
    async with serve(unhurried) as client:
        admin = await login(client, ADMIN_EMAIL, ADMIN_PASSWORD)
        user = {"email": "keyed@acacia.io", "full_name": "K", "password": USER_PASSWORD}
        created = await client.post("/api/v1/users", json=user, headers=admin)
        assert created.status_code == 201, created.text
        owner = await login(client, user["email"], USER_PASSWORD)
    url = f"/api/v1/users/{created.json()['id']}/orders"
    settings = make_settings(
        MONGO_URI=database_process.uri, RATE_LIMIT_ENABLED=False, MONGO_TIMEOUT_MS=500
    )
    acknowledged: dict[str, str] = {}  # key -> order id
    statuses: Counter[int] = Counter()
    reached = [asyncio.Event() for _ in range(PAUSES)]

    async def pause_now_and_then() -> None:
        for threshold in reached:
            await threshold.wait()
            database_process.signal(signal.SIGSTOP)
            await asyncio.sleep(PAUSE_SECONDS)
            database_process.signal(signal.SIGCONT)

    async with serve(settings) as client:
        pauses = asyncio.create_task(pause_now_and_then())

        async def write(writer: int) -> None:
            for n in range(ORDERS_PER_WRITER):
                key = str(uuid.uuid4())
                order = {"item": f"w{writer}-{n}", "quantity": 1, "total_cents": n}
                while True:  # a client honouring Retry-After, with the same key
                    response = await client.post(
                        url, json=order, headers={**owner, "Idempotency-Key": key}
                    )
                    statuses[response.status_code] += 1
                    if response.status_code == 201:
                        acknowledged[key] = response.json()["id"]
                        for count, threshold in enumerate(reached, 1):
                            if len(acknowledged) >= count * PAUSE_EVERY:
                                threshold.set()
                        break
                    assert response.status_code in (409, 503), response.text
                    await asyncio.sleep(float(response.headers["retry-after"]))

        try:
            await asyncio.wait_for(
                asyncio.gather(*(write(writer) for writer in range(WRITERS))), 180
            )
            await pauses
        finally:
            pauses.cancel()
            database_process.signal(signal.SIGCONT)

    reader = create_pymongo_client(unhurried)
    try:
        stored = (
            await reader[unhurried.database_name][ORDERS_COLLECTION]
            .find(
                {"user_id": created.json()["id"]},
                {"_id": False, "id": True, "item": True},
            )
            .to_list(length=None)
        )
    finally:
        await close_client(reader)

    items = Counter(order["item"] for order in stored)
    assert statuses[503] > 0, statuses  # the pause met writes in flight
    assert len(acknowledged) == WRITERS * ORDERS_PER_WRITER
    assert not [item for item, count in items.items() if count > 1], items
    assert {order["id"] for order in stored} == set(acknowledged.values())
