"""Settings of a smoke run, all from the environment.

``BASE_URL`` (required), ``SMOKE_EMAIL`` and ``SMOKE_PASSWORD`` (a user of that
deployment), ``SMOKE_EXPECT_DOCS`` (``false`` against production, where the
docs are off), ``SMOKE_ID_TOKEN`` (a deployment without public access: an
identity token of an account allowed to invoke it, e.g. ``gcloud auth
print-identity-token``). Only ``httpx`` and ``pytest`` are needed
(requirements-smoke.txt).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture(scope="session")
def base_url() -> str:
    """The deployment under test, e.g. https://acacia-analytics-api-staging-....run.app."""
    url = os.environ.get("BASE_URL", "").rstrip("/")
    if not url:
        pytest.fail("set BASE_URL, e.g. make smoke BASE_URL=http://127.0.0.1:8080")
    return url


def iam_headers() -> dict[str, str]:
    """Cloud Run's IAM check of a private service: the identity token, if given.

    It goes in ``X-Serverless-Authorization``, which Cloud Run checks in
    preference to ``Authorization`` and the app ignores, so ``Authorization``
    keeps carrying the app's own token.
    """
    token = os.environ.get("SMOKE_ID_TOKEN", "").strip()
    return {"X-Serverless-Authorization": f"Bearer {token}"} if token else {}


@pytest.fixture(scope="session")
def http(base_url: str) -> Iterator[httpx.Client]:
    """One HTTP client for the run, with a timeout suited to a cold start."""
    with httpx.Client(base_url=base_url, headers=iam_headers(), timeout=30.0) as client:
        yield client


@pytest.fixture(scope="session")
def access_token(http: httpx.Client) -> str:
    """A token for ``SMOKE_EMAIL`` / ``SMOKE_PASSWORD``."""
    email = os.environ.get("SMOKE_EMAIL", "")
    password = os.environ.get("SMOKE_PASSWORD", "")
    if not email or not password:
        pytest.fail("set SMOKE_EMAIL and SMOKE_PASSWORD (a user of this deployment)")
    response = http.post(
        "/api/v1/auth/token", data={"username": email, "password": password}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token
