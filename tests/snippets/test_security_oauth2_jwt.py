"""snippets/security/oauth2_jwt.py: password flow issues a JWT the bearer checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from fastapi.testclient import TestClient

from tests.snippets.conftest import load

SNIPPET = "security/oauth2_jwt.py"
EMAIL = "ada@acacia.example"


@pytest.fixture(scope="module")
def snippet() -> dict[str, Any]:
    return load(SNIPPET)


@pytest.fixture
def client(snippet: dict[str, Any]) -> TestClient:
    return TestClient(snippet["app"])


def _login(client: TestClient, password: str) -> httpx.Response:
    form = {"username": EMAIL, "password": password}
    response: httpx.Response = client.post("/token", data=form)
    return response


def test_the_right_password_gets_a_token_that_opens_me(
    client: TestClient, snippet: dict[str, Any]
) -> None:
    token = _login(client, snippet["DEMO_PASSWORD"]).json()["access_token"]
    response = client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert response.json() == {"email": EMAIL}


def test_a_wrong_password_is_401(client: TestClient) -> None:
    assert _login(client, "guess").status_code == 401


@pytest.mark.parametrize("offset", [timedelta(minutes=-1), timedelta(minutes=5)])
def test_expired_or_forged_tokens_are_401(
    client: TestClient, snippet: dict[str, Any], offset: timedelta
) -> None:
    expired = offset < timedelta(0)
    key = snippet["SECRET_KEY"] if expired else "not-the-key-" + "x" * 32
    claims = {"sub": EMAIL, "exp": datetime.now(UTC) + offset}
    token = jwt.encode(claims, key, "HS256")
    response = client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_passwords_are_stored_as_argon2_hashes(snippet: dict[str, Any]) -> None:
    assert snippet["USERS"][EMAIL].startswith("$argon2id$")


def test_only_health_is_open(client: TestClient) -> None:
    assert client.get("/health").status_code == 200
    assert client.get("/me").status_code == 401
