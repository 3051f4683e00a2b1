"""``Idempotency-Key``: replays, refusals and leases, as the IETF draft says."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.core.database import IDEMPOTENCY_KEYS_COLLECTION, ORDERS_COLLECTION
from app.models.common import utc_now
from tests.conftest import UserFactory

pytestmark = pytest.mark.e2e

ORDER = {"item": "Soil kit", "quantity": 2, "total_cents": 1299}


async def _orders(app: FastAPI, user_id: str) -> list[dict[str, Any]]:
    cursor = app.state.database[ORDERS_COLLECTION].find({"user_id": user_id})
    return list(await cursor.to_list(length=None))


async def _set_record(app: FastAPI, update: dict[str, Any]) -> None:
    """Change the one stored key record, as a crash mid-request would leave it."""
    result = await app.state.database[IDEMPOTENCY_KEYS_COLLECTION].update_one(
        {}, update
    )
    assert result.matched_count == 1


async def _keyed_orders(
    make_user: UserFactory, key: str | None = None
) -> tuple[dict[str, Any], str, dict[str, str]]:
    """A new user, the URL of its orders, and its headers with an Idempotency-Key."""
    user, headers = await make_user()
    url = f"/api/v1/users/{user['id']}/orders"
    return user, url, {**headers, "Idempotency-Key": key or str(uuid.uuid4())}


async def test_the_same_key_and_body_replay_the_first_answer(
    client: httpx.AsyncClient, app: FastAPI, make_user: UserFactory
) -> None:
    user, url, keyed = await _keyed_orders(make_user)

    first = await client.post(url, json=ORDER, headers=keyed)
    again = await client.post(url, json=ORDER, headers=keyed)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["content-type"] == first.headers["content-type"]
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert len(await _orders(app, user["id"])) == 1


async def test_the_same_key_with_another_body_is_422(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    _, url, keyed = await _keyed_orders(make_user, "order-2026-12-05-1")

    await client.post(url, json=ORDER, headers=keyed)
    other = await client.post(url, json={**ORDER, "quantity": 3}, headers=keyed)

    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["type"] == "urn:acacia:problem:idempotency-key-reused"


async def test_a_key_whose_first_request_still_runs_is_409_with_retry_after(
    client: httpx.AsyncClient, app: FastAPI, make_user: UserFactory
) -> None:
    _, url, keyed = await _keyed_orders(make_user)
    await client.post(url, json=ORDER, headers=keyed)
    lease = {
        "lease_token": "another-request",
        "lease_until": utc_now() + timedelta(minutes=1),
    }
    await _set_record(app, {"$unset": {"response": ""}, "$set": lease})

    busy = await client.post(url, json=ORDER, headers=keyed)

    assert busy.status_code == 409
    assert busy.json()["type"] == "urn:acacia:problem:idempotency-key-in-use"
    assert int(busy.headers["retry-after"]) >= 1


async def test_a_retry_after_the_lease_finds_the_order_its_first_attempt_stored(
    client: httpx.AsyncClient, app: FastAPI, make_user: UserFactory
) -> None:
    """A 503 after the order was stored: the key has no answer, the order exists."""
    user, url, keyed = await _keyed_orders(make_user)
    first = await client.post(url, json=ORDER, headers=keyed)
    lease = {"lease_token": "lost-request", "lease_until": utc_now()}
    await _set_record(app, {"$unset": {"response": ""}, "$set": lease})

    retry = await client.post(url, json=ORDER, headers=keyed)
    replay = await client.post(url, json=ORDER, headers=keyed)

    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert replay.headers["idempotent-replayed"] == "true"
    assert len(await _orders(app, user["id"])) == 1


async def test_a_failed_request_is_not_replayed_and_frees_its_key(
    client: httpx.AsyncClient, app: FastAPI, make_user: UserFactory
) -> None:
    user, _ = await make_user()
    _, other_headers = await make_user(email="other@acacia.io")
    url = f"/api/v1/users/{user['id']}/orders"
    keyed = {**other_headers, "Idempotency-Key": str(uuid.uuid4())}

    refused = await client.post(url, json=ORDER, headers=keyed)
    record = await app.state.database[IDEMPOTENCY_KEYS_COLLECTION].find_one({})
    again = await client.post(url, json=ORDER, headers=keyed)

    assert refused.status_code == again.status_code == 403
    assert "response" not in record
    assert record["lease_until"] <= utc_now()
    assert "idempotent-replayed" not in again.headers


async def test_keys_are_scoped_to_the_caller(
    client: httpx.AsyncClient, app: FastAPI, make_user: UserFactory
) -> None:
    ada, ada_headers = await make_user(email="ada@acacia.io")
    bob, bob_headers = await make_user(email="bob@acacia.io")
    key = {"Idempotency-Key": "same-key"}

    for user, headers in ((ada, ada_headers), (bob, bob_headers)):
        response = await client.post(
            f"/api/v1/users/{user['id']}/orders", json=ORDER, headers=headers | key
        )
        assert response.status_code == 201
        assert "idempotent-replayed" not in response.headers
        assert len(await _orders(app, user["id"])) == 1


@pytest.mark.parametrize(
    "key", ["", "k" * 256, "caf\u00e9"], ids=["empty", "too-long", "not-ascii"]
)
async def test_a_malformed_key_is_422(
    client: httpx.AsyncClient, make_user: UserFactory, key: str
) -> None:
    user, headers = await make_user()

    response = await client.post(
        f"/api/v1/users/{user['id']}/orders",
        json=ORDER,
        headers=[
            *((name.encode(), value.encode()) for name, value in headers.items()),
            (b"Idempotency-Key", key.encode("latin-1")),
        ],
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]


async def test_keys_expire_through_a_ttl_index(app: FastAPI) -> None:
    indexes = await app.state.database[IDEMPOTENCY_KEYS_COLLECTION].index_information()

    ttl = indexes["idempotency_keys_expire_at_ttl"]
    assert ttl["key"] == [("expire_at", 1)]
    assert ttl["expireAfterSeconds"] == 0


async def test_every_protected_post_documents_the_header_and_its_409(
    client: httpx.AsyncClient,
) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    posts = {path: item["post"] for path, item in paths.items() if "post" in item}
    for path, operation in posts.items():
        names = [parameter["name"] for parameter in operation.get("parameters", [])]
        keyed = "Idempotency-Key" in names
        assert keyed == bool(operation.get("security")), path
        assert ("409" in operation["responses"]) >= keyed, path
    assert "/api/v1/users/{user_id}/orders" in posts
