"""snippets/fastapi/problem_details.py: every error is RFC 9457 with the request ID."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.snippets.conftest import load

SNIPPET = "fastapi/problem_details.py"


def _client() -> TestClient:
    return TestClient(load(SNIPPET)["app"])


def test_not_found_is_a_problem_document_with_the_callers_request_id() -> None:
    request_id = uuid.uuid4().hex
    response = _client().get("/orders/7", headers={"X-Request-ID": request_id})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "https://errors.acacia.example/404",
        "title": "Request failed",
        "status": 404,
        "detail": "no order 7",
        "instance": "/orders/7",
        "correlation_id": request_id,
    }


def test_invalid_input_names_the_field_and_carries_a_fresh_id() -> None:
    response = _client().get("/orders/seven")
    body = response.json()
    assert (response.status_code, body["title"]) == (422, "Invalid input")
    assert body["detail"] == "check: path.order_number"
    assert body["correlation_id"] == response.headers["X-Request-ID"]


def test_health_is_plain_json() -> None:
    assert _client().get("/health").json() == {"status": "ok"}
