"""Health, connectivity, docs and one authenticated read on a live deployment."""

from __future__ import annotations

import os

import httpx
import pytest

pytestmark = pytest.mark.smoke


# --8<-- [start:deployed_smoke]
def test_health_is_ok_and_the_database_is_reachable(http: httpx.Client) -> None:
    response = http.get("/api/v1/health")

    assert response.status_code == 200, response.text
    assert response.json()["database"] == "reachable"
    assert response.headers["x-request-id"]


def test_api_rejects_calls_without_a_token(http: httpx.Client) -> None:
    response = http.get("/api/v1/users/me")

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_docs_are_reachable_where_enabled(http: httpx.Client) -> None:
    expected = os.environ.get("SMOKE_EXPECT_DOCS", "true").lower() == "true"

    docs = http.get("/docs")
    openapi = http.get("/openapi.json")

    if expected:
        assert (docs.status_code, openapi.status_code) == (200, 200)
        assert "/api/v1/auth/token" in openapi.json()["paths"]
    else:
        assert (docs.status_code, openapi.status_code) == (404, 404)


def test_an_authenticated_read_succeeds(http: httpx.Client, access_token: str) -> None:
    response = http.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {access_token}"}
    )

    assert response.status_code == 200, response.text
    assert response.json()["email"] == os.environ["SMOKE_EMAIL"].strip().lower()


# --8<-- [end:deployed_smoke]
