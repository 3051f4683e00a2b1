"""``GET /api/v1/health``: 200 when MongoDB answers, 503 in bounded time otherwise."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import SettingsFactory, serve

pytestmark = [pytest.mark.e2e]


@pytest.mark.smoke
async def test_health_returns_200_when_database_reachable(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json()["database"] == "reachable"


@pytest.mark.slow
async def test_health_returns_503_when_no_server_listens(
    make_settings: SettingsFactory, unused_port: int
) -> None:
    settings = make_settings(
        MONGO_URI=f"mongodb://127.0.0.1:{unused_port}/?directConnection=true",
        MONGO_SERVER_SELECTION_TIMEOUT_MS=300,
        MONGO_CONNECT_TIMEOUT_MS=300,
        HEALTH_CHECK_TIMEOUT_SECONDS=10.0,
    )
    async with serve(settings) as c:
        started = time.monotonic()
        response = await c.get("/api/v1/health")
        elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:acacia:problem:database-unavailable"
    assert body["title"] == "Service Unavailable"
    assert body["status"] == 503
    assert body["detail"] == "The database is not reachable."
    assert body["correlation_id"] == response.headers["x-request-id"]
    # The 300 ms server selection answered, not the 10 s health deadline.
    assert elapsed < 10.0


@pytest.mark.slow
async def test_health_timeout_bounds_a_slow_ping(
    make_settings: SettingsFactory, unused_port: int
) -> None:
    settings = make_settings(
        MONGO_URI=f"mongodb://127.0.0.1:{unused_port}/?directConnection=true",
        MONGO_SERVER_SELECTION_TIMEOUT_MS=30_000,
        HEALTH_CHECK_TIMEOUT_SECONDS=0.3,
        FIRST_ADMIN_EMAIL="",  # no start-up write that would wait 30 s for a server
    )
    async with serve(settings) as c:
        started = time.monotonic()
        response = await c.get("/api/v1/health")
        elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["status"] == 503
    # The 0.3 s health deadline answered, not the 30 s server selection.
    assert elapsed < 10.0
