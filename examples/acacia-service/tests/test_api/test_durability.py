"""No acknowledged write is lost when the database is killed under load."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

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

WRITERS = 4
KILL_AFTER = 60
"""Acknowledged orders before the SIGKILL; the other writers are mid-request."""


async def test_every_acknowledged_write_survives_a_sigkill(
    make_settings: SettingsFactory, database_process: DatabaseProcess
) -> None:
    settings = make_settings(
        MONGO_URI=database_process.uri, RATE_LIMIT_ENABLED=False, MONGO_TIMEOUT_MS=1000
    )
    await migrate(settings)
    acknowledged: list[str] = []
    killed = asyncio.Event()

    async with serve(settings) as client:
        admin = await login(client, ADMIN_EMAIL, ADMIN_PASSWORD)
        user = {
            "email": "writer@acacia.io",
            "full_name": "W",
            "password": USER_PASSWORD,
        }
        user_id = (await client.post("/api/v1/users", json=user, headers=admin)).json()[
            "id"
        ]
        owner = await login(client, user["email"], USER_PASSWORD)

        async def write(writer: int) -> None:
            n = 0
            while not killed.is_set():
                n += 1
                order = {"item": f"w{writer}-{n}", "quantity": 1, "total_cents": n}
                response = await client.post(
                    f"/api/v1/users/{user_id}/orders", json=order, headers=owner
                )
                if response.status_code != 201:
                    return
                acknowledged.append(response.json()["id"])
                if len(acknowledged) >= KILL_AFTER and not killed.is_set():
                    database_process.signal(signal.SIGKILL)
                    killed.set()

        await asyncio.gather(*(write(writer) for writer in range(WRITERS)))

    database_process.start()  # same port, same data folder
    reader = create_pymongo_client(settings)
    try:
        stored = await reader[settings.database_name][ORDERS_COLLECTION].distinct(
            "id", {"user_id": user_id}
        )
    finally:
        await close_client(reader)

    lost = set(acknowledged) - set(stored)
    assert len(acknowledged) >= KILL_AFTER
    assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged orders lost"


def test_a_server_whose_port_was_taken_starts_on_another(
    tmp_path: Path, database_process: DatabaseProcess
) -> None:
    """The harness never takes another server for the one it started."""
    late = DatabaseProcess(tmp_path / "late", database_process.port)
    late.start()
    try:
        assert late.port != database_process.port
        assert late.uri.startswith(f"mongodb://127.0.0.1:{late.port}/")
    finally:
        late.stop()
