"""Operator injection and oversized input: rejected or stored as plain data.

Every attempt is followed by a comparison of the whole ``users`` and
``orders`` collections before and after: nothing may change.
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import UserFactory

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-enough-password"


async def _snapshot(app: FastAPI) -> dict[str, list[dict[str, Any]]]:
    database = app.state.database
    return {
        name: await database[name].find({}, {"_id": False}).sort("id").to_list(None)
        for name in ("users", "orders")
    }


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {"leaf": 1}
    for _ in range(depth):
        value = {"a": value}
    return value


# --8<-- [start:injection_test]
@pytest.mark.parametrize(
    "payload",
    [
        {"email": {"$ne": ""}, "full_name": "X", "password": PASSWORD},
        {"email": "a@acacia.io", "full_name": {"$gt": ""}, "password": PASSWORD},
        {"email": "a@acacia.io", "full_name": "X", "password": {"$where": "1"}},
        {"email": "a@acacia.io", "full_name": "X", "password": PASSWORD, "$set": {}},
        {"email": "a@acacia.io", "full_name": "X", "password": PASSWORD, "a.b": 1},
        {"email": "a@acacia.io", "full_name": "X" * 10_000, "password": PASSWORD},
        {"email": "a@acacia.io", "full_name": _nested(200), "password": PASSWORD},
    ],
    ids=[
        "ne-in-email",
        "gt-in-name",
        "where-in-password",
        "dollar-key",
        "dotted-key",
        "oversized-string",
        "deeply-nested",
    ],
)
async def test_operator_payloads_are_rejected_and_change_nothing(
    app: FastAPI, client: httpx.AsyncClient, payload: dict[str, Any]
) -> None:
    before = await _snapshot(app)

    response = await client.post("/api/v1/users", json=payload)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert await _snapshot(app) == before


# --8<-- [end:injection_test]


async def test_operator_in_patch_and_order_bodies_is_rejected(
    app: FastAPI, client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user, headers = await make_user()
    before = await _snapshot(app)

    patched = await client.patch(
        f"/api/v1/users/{user['id']}",
        json={"full_name": {"$set": {"role": "admin"}}},
        headers=headers,
    )
    ordered = await client.post(
        f"/api/v1/users/{user['id']}/orders",
        json={"item": "x", "quantity": {"$gt": 0}, "total_cents": 1},
        headers=headers,
    )

    assert (patched.status_code, ordered.status_code) == (422, 422)
    assert await _snapshot(app) == before


@pytest.mark.parametrize(
    "params",
    [
        {"limit": '{"$gt": 0}'},
        {"offset[$gt]": "0"},
        {"limit": "1e9"},
        {"$where": "sleep(1000)"},
    ],
)
async def test_operators_in_query_parameters_are_never_interpreted(
    app: FastAPI, client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    before = await _snapshot(app)

    response = await client.get("/api/v1/users", params=params)

    assert response.status_code in {200, 422}
    if response.status_code == 200:  # unknown parameters are ignored
        assert response.json()["limit"] == 20
    assert await _snapshot(app) == before


async def test_operator_text_in_a_valid_string_is_stored_as_plain_data(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    name = '{"$ne": null} $where this.role == "admin"'

    response = await client.post(
        "/api/v1/users",
        json={"email": "plain@acacia.io", "full_name": name, "password": PASSWORD},
    )

    stored = await app.state.database["users"].find_one({"email": "plain@acacia.io"})
    assert response.status_code == 201
    assert stored["full_name"] == name


async def test_json_nested_past_the_parser_limit_is_a_4xx_not_a_500(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    before = await _snapshot(app)
    body = '{"a": ' * 100_000 + "1" + "}" * 100_000

    response = await client.post(
        "/api/v1/users", content=body, headers={"content-type": "application/json"}
    )

    assert 400 <= response.status_code < 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "Traceback" not in response.text
    assert await _snapshot(app) == before
    assert json.loads(response.text)["status"] == response.status_code


@pytest.mark.parametrize("total_cents", [2**53, 2**63, 10**30])
async def test_order_total_beyond_2_to_the_53_is_422_and_stores_nothing(
    app: FastAPI, make_user: UserFactory, total_cents: int
) -> None:
    user, headers = await make_user()
    before = await _snapshot(app)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.post(
            f"/api/v1/users/{user['id']}/orders",
            json={"item": "Soil kit", "quantity": 1, "total_cents": total_cents},
            headers=headers,
        )

    assert response.status_code == 422
    assert await _snapshot(app) == before


@pytest.mark.parametrize("offset", [10_001, 2**63, 10**30])
@pytest.mark.parametrize("path", ["/api/v1/users", "/api/v1/users/{id}/orders"])
async def test_offset_beyond_the_deepest_page_is_422_and_changes_nothing(
    app: FastAPI, client: httpx.AsyncClient, path: str, offset: int
) -> None:
    admin = (await client.get("/api/v1/users/me")).json()
    before = await _snapshot(app)

    response = await client.get(
        path.format(id=admin["id"]), params={"offset": str(offset)}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "offset"]
    assert await _snapshot(app) == before


async def test_a_body_over_the_limit_is_413_before_it_is_read(app: FastAPI) -> None:
    limit = app.state.settings.MAX_REQUEST_BODY_BYTES
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/users",
        "raw_path": b"/api/v1/users",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"test"),
            (b"content-type", b"application/json"),
            (b"content-length", str(limit + 1).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("test", 80),
    }

    async def receive() -> dict[str, Any]:
        raise AssertionError("the body must not be read")

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    await app(scope, receive, send)

    start, body = sent[0], json.loads(sent[1]["body"])
    headers = dict(start["headers"])
    assert start["status"] == 413
    assert headers[b"content-type"] == b"application/problem+json"
    assert body["status"] == 413
    assert body["correlation_id"] == headers[b"x-request-id"].decode()


async def test_a_chunked_body_is_cut_off_at_the_limit(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    limit = app.state.settings.MAX_REQUEST_BODY_BYTES
    chunk = b" " * 65_536

    async def chunks() -> Any:
        yield b'{"email": "big@acacia.io", "full_name": "'
        for _ in range(limit // len(chunk) + 1):
            yield chunk
        yield b'"}'

    response = await client.post(
        "/api/v1/users", content=chunks(), headers={"content-type": "application/json"}
    )
    small = await client.post(
        "/api/v1/users",
        json={"email": "small@acacia.io", "full_name": "S", "password": PASSWORD},
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert "larger than 1048576 bytes" in response.json()["detail"]
    assert small.status_code == 201
