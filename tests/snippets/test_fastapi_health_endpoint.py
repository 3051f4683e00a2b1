"""snippets/fastapi/health_endpoint.py: 200 when MongoDB answers, 503 in time."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from tests.snippets.conftest import assert_refuses_without_mongo_uri, load

SNIPPET = "fastapi/health_endpoint.py"


@pytest.mark.integration
def test_reachable_database_is_healthy(mongo_uri: str) -> None:
    with TestClient(load(SNIPPET)["create_app"](mongo_uri)) as client:
        response = client.get("/health")
    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": "reachable"},
    )


@pytest.mark.slow
def test_unreachable_database_answers_503_within_the_bound() -> None:
    snippet = load(SNIPPET)
    with TestClient(snippet["create_app"]("mongodb://127.0.0.1:1")) as client:
        started = time.monotonic()
        response = client.get("/health")
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert elapsed < snippet["PING_TIMEOUT_SECONDS"] + 2


def test_refuses_to_start_without_mongo_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_refuses_without_mongo_uri(SNIPPET, monkeypatch)
