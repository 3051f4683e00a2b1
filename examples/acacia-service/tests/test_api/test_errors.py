"""One error body everywhere, and the correlation id on every response."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

pytestmark = pytest.mark.e2e

PROBLEM = "application/problem+json"


@pytest.fixture
async def boom_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Client for the app plus a route that raises an unhandled exception."""

    async def boom() -> None:
        raise RuntimeError("secret internal detail")

    app.add_api_route("/boom", boom, methods=["GET"])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


async def test_unhandled_exception_returns_500_problem_with_request_id(
    boom_client: httpx.AsyncClient,
) -> None:
    response = await boom_client.get("/boom")

    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    request_id = response.headers["x-request-id"]
    assert uuid.UUID(request_id)
    assert response.json() == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "An unexpected error occurred.",
        "correlation_id": request_id,
    }
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text


async def test_unhandled_exception_keeps_client_request_id(
    boom_client: httpx.AsyncClient,
) -> None:
    request_id = str(uuid.uuid4())

    response = await boom_client.get("/boom", headers={"X-Request-ID": request_id})

    assert response.status_code == 500
    assert response.headers.get_list("x-request-id") == [request_id]
    assert response.json()["correlation_id"] == request_id


async def test_unknown_route_returns_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nope")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not Found",
        "correlation_id": response.headers["x-request-id"],
    }


async def test_wrong_method_returns_405_problem(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/health")

    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "Method Not Allowed"
    assert "GET" in response.headers["allow"]


async def test_valid_client_request_id_is_echoed_once(
    client: httpx.AsyncClient,
) -> None:
    request_id = str(uuid.uuid4())

    response = await client.get("/api/v1/users", headers={"X-Request-ID": request_id})

    assert response.headers.get_list("x-request-id") == [request_id]


@pytest.mark.parametrize(
    "bad_id",
    [
        "x" * 5000,
        str(uuid.uuid4()) * 3,
        "not-a-uuid",
        "1b4e28ba-2fa1-41d2-883f-0016d3cca42\t",
        "{1b4e28ba-2fa1-41d2-883f-0016d3cca427}",
    ],
    ids=["oversized", "repeated-uuid", "garbage", "control-char", "braces"],
)
async def test_invalid_client_request_id_is_replaced(
    client: httpx.AsyncClient, bad_id: str
) -> None:
    response = await client.get("/api/v1/users", headers={"X-Request-ID": bad_id})

    returned = response.headers["x-request-id"]
    assert returned != bad_id
    assert str(uuid.UUID(returned)) == returned


async def test_error_responses_carry_request_id_header(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(f"/api/v1/users/{uuid.uuid4()}")

    assert response.status_code == 404
    assert response.headers.get_list("x-request-id") == [
        response.json()["correlation_id"]
    ]
