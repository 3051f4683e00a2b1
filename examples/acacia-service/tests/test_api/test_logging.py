"""JSON logs: Cloud Logging fields and the correlation id on every line."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.core.logging import build_json_handler, configure_logging
from tests.conftest import SettingsFactory, serve

pytestmark = pytest.mark.e2e


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """Capture everything the root logger emits, formatted as in production."""
    stream = io.StringIO()
    handler = build_json_handler(stream)
    handler.set_name("test-capture")
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def _lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line]


async def test_every_log_line_has_cloud_logging_fields(
    client: httpx.AsyncClient, log_stream: io.StringIO
) -> None:
    await client.post(
        "/api/v1/users",
        json={"email": "log@acacia.io", "full_name": "L", "password": "p" * 12},
    )

    lines = _lines(log_stream)
    assert lines
    for line in lines:
        assert {"severity", "message", "time", "correlation_id"} <= set(line)
        assert line["severity"] in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}


# --8<-- [start:log_capture_test]
async def test_access_and_service_logs_share_the_request_id(
    client: httpx.AsyncClient, log_stream: io.StringIO
) -> None:
    request_id = str(uuid.uuid4())

    response = await client.post(
        "/api/v1/users?source=test",
        json={"email": "trace@acacia.io", "full_name": "T", "password": "p" * 12},
        headers={"X-Request-ID": request_id, "User-Agent": "pytest"},
    )

    lines = [
        line for line in _lines(log_stream) if line["correlation_id"] == request_id
    ]
    service = [line for line in lines if line["message"] == "user created"]
    access = [line for line in lines if "httpRequest" in line]
    assert response.status_code == 201
    assert service[0]["logger"] == "app.services.user_service"
    assert service[0]["user_id"] == response.json()["id"]
    http_request = access[0]["httpRequest"]
    assert http_request["requestMethod"] == "POST"
    assert http_request["requestUrl"] == "http://test/api/v1/users?source=test"
    assert http_request["status"] == 201
    assert http_request["userAgent"] == "pytest"
    assert re.fullmatch(r"\d+\.\d{6}s", http_request["latency"])


# --8<-- [end:log_capture_test]


async def test_server_errors_are_logged_as_error_with_status_500(
    client: httpx.AsyncClient, log_stream: io.StringIO
) -> None:
    async def boom() -> None:
        raise RuntimeError("kaput")

    app = client._transport.app  # type: ignore[attr-defined]
    app.add_api_route("/boom", boom, methods=["GET"])

    response = await client.get("/boom")

    request_id = response.headers["x-request-id"]
    lines = [
        line for line in _lines(log_stream) if line["correlation_id"] == request_id
    ]
    access = [line for line in lines if "httpRequest" in line]
    assert access[0]["severity"] == "ERROR"
    assert access[0]["httpRequest"]["status"] == 500
    assert any(
        line["message"] == "unhandled exception" and "kaput" in line.get("exc_info", "")
        for line in lines
    )


def test_configure_logging_installs_a_single_json_handler() -> None:
    configure_logging("INFO")
    configure_logging("DEBUG")

    root = logging.getLogger()
    ours = [h for h in root.handlers if h.get_name() == "acacia-json"]
    assert len(ours) == 1
    assert root.level == logging.DEBUG
    configure_logging("INFO")


async def test_access_log_redacts_secrets_in_the_query_string(
    anonymous_client: httpx.AsyncClient, log_stream: io.StringIO
) -> None:
    await anonymous_client.get(
        "/api/v1/health?password=hunter2-secret&access_token=eyJabc&api_key=k-123"
        "&page=2&Token=t0k3n"
    )

    access = [line for line in _lines(log_stream) if "httpRequest" in line]
    url = access[-1]["httpRequest"]["requestUrl"]
    assert url.endswith(
        "/api/v1/health?password=REDACTED&access_token=REDACTED&api_key=REDACTED"
        "&page=2&Token=REDACTED"
    )
    service_lines = [
        json.dumps(line) for line in _lines(log_stream) if line["logger"] != "httpx"
    ]
    for secret in ("hunter2", "eyJabc", "k-123", "t0k3n"):
        assert not [line for line in service_lines if secret in line]


@pytest.mark.parametrize(
    ("trusted", "remote_ip"), [(False, "127.0.0.1"), (True, "10.0.0.7")]
)
async def test_access_log_remote_ip_follows_the_forwarded_for_setting(
    make_settings: SettingsFactory,
    log_stream: io.StringIO,
    trusted: bool,
    remote_ip: str,
) -> None:
    settings = make_settings(RATE_LIMIT_TRUST_FORWARDED_FOR=trusted)
    async with serve(settings) as client:
        await client.get(
            "/api/v1/health", headers={"X-Forwarded-For": "6.6.6.6, 10.0.0.7"}
        )

    access = [line for line in _lines(log_stream) if "httpRequest" in line]
    assert access[-1]["httpRequest"]["remoteIp"] == remote_ip
