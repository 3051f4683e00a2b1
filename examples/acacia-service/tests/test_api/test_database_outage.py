"""A database outage during a request is a 503 with Retry-After, never a 500."""

from __future__ import annotations

import signal
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from pymongo.errors import ExecutionTimeout, OperationFailure, WTimeoutError

from app.core.security import create_access_token
from app.main import create_app
from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    DatabaseProcess,
    SettingsFactory,
    login,
    serve,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PROBLEM = "application/problem+json"


@pytest.fixture
async def down_app(
    make_settings: SettingsFactory, unused_port: int
) -> AsyncIterator[FastAPI]:
    """The app pointed at a port where nothing listens, with short timeouts."""
    settings = make_settings(
        MONGO_URI=f"mongodb://127.0.0.1:{unused_port}/?directConnection=true",
        MONGO_SERVER_SELECTION_TIMEOUT_MS=200,
        MONGO_CONNECT_TIMEOUT_MS=200,
        MONGO_TIMEOUT_MS=300,
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


def _assert_database_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["retry-after"] == "5"
    body = response.json()
    assert body["type"] == "urn:acacia:problem:database-unavailable"
    assert body["detail"] == "The database is not reachable."


async def test_authenticated_request_during_an_outage_is_503_without_traceback(
    down_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    token = create_access_token("some-user-id", "admin", down_app.state.settings)
    transport = httpx.ASGITransport(app=down_app, raise_app_exceptions=False)
    caplog.clear()

    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.get(
            "/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}
        )

    _assert_database_unavailable(response)
    assert not [record for record in caplog.records if record.exc_info]
    assert "database unavailable: ServerSelectionTimeoutError" in caplog.messages


async def test_rate_limited_token_request_during_an_outage_is_503(
    down_app: FastAPI,
) -> None:
    transport = httpx.ASGITransport(app=down_app, raise_app_exceptions=False)

    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.post(
            "/api/v1/auth/token",
            data={"username": ADMIN_EMAIL, "password": "any-password-at-all"},
        )

    _assert_database_unavailable(response)


async def test_a_query_cut_off_by_the_server_is_503(app: FastAPI) -> None:
    async def slow_query() -> None:
        raise ExecutionTimeout("operation exceeded time limit", code=50)

    app.add_api_route("/slow", slow_query, methods=["GET"])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.get("/slow")

    _assert_database_unavailable(response)


async def test_a_hung_database_answers_503_within_the_operation_timeout(
    make_settings: SettingsFactory, database_process: DatabaseProcess
) -> None:
    # Seed the first admin and its collections under the default timeout: on a
    # loaded machine, creating a collection can take longer than 500 ms.
    async with serve(make_settings(MONGO_URI=database_process.uri)) as client:
        headers = await login(client, ADMIN_EMAIL, ADMIN_PASSWORD)
    settings = make_settings(MONGO_URI=database_process.uri, MONGO_TIMEOUT_MS=500)
    async with serve(settings) as client:
        assert (await client.get("/api/v1/users/me", headers=headers)).is_success
        database_process.signal(signal.SIGSTOP)  # up, but answers nothing
        started = time.monotonic()
        response = await client.get("/api/v1/users/me", headers=headers)
        elapsed = time.monotonic() - started
        database_process.signal(signal.SIGCONT)

    _assert_database_unavailable(response)
    # 500 ms budget plus a loaded machine's scheduling; the 10 s socket
    # timeout held requests 12 s before the deadline existed.
    assert elapsed < 5.0


async def test_a_write_concern_timeout_is_503_and_other_driver_errors_500(
    app: FastAPI,
) -> None:
    async def majority_too_slow() -> None:
        raise WTimeoutError("waiting for replication timed out", code=64)

    async def bad_command() -> None:
        raise OperationFailure("unknown operator", code=2)

    app.add_api_route("/wtimeout", majority_too_slow, methods=["GET"])
    app.add_api_route("/failure", bad_command, methods=["GET"])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        timed_out = await c.get("/wtimeout")
        failed = await c.get("/failure")

    _assert_database_unavailable(timed_out)
    assert failed.status_code == 500
    assert "unknown operator" not in failed.text
