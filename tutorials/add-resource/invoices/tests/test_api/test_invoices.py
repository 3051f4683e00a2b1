"""End-to-end tests of a user's invoices: status code *and* body each time."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.core.database import INVOICES_COLLECTION
from tests.conftest import UserFactory

pytestmark = pytest.mark.e2e

PROBLEM = "application/problem+json"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
FIRST = {"customer": "First customer", "amount_cents": 2, "paid": True}
SECOND = {"customer": "Second customer", "amount_cents": 1, "paid": False}
INVALID_FIELD = "customer"
INVALID = {**SECOND, INVALID_FIELD: None}


async def test_create_and_list_invoices_of_a_user(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user, headers = await make_user()
    url = f"/api/v1/users/{user['id']}/invoices"

    first = await client.post(url, json=FIRST, headers=headers)
    second = await client.post(url, json=SECOND, headers=headers)
    listed = await client.get(url, headers=headers)

    assert first.status_code == 201
    invoice = first.json()
    assert set(invoice) == {"id", "user_id", "created_at", *FIRST}
    assert invoice["user_id"] == user["id"]
    assert {name: invoice[name] for name in FIRST} == FIRST
    assert listed.status_code == 200
    body = listed.json()
    assert body["total"] == 2
    assert {item["id"] for item in body["items"]} == {
        invoice["id"],
        second.json()["id"],
    }


async def test_invoices_of_unknown_user_return_404_to_an_admin(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(f"/api/v1/users/{uuid.uuid4()}/invoices")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "urn:acacia:problem:user-not-found"


async def test_invoices_of_another_user_are_forbidden(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    _, headers = await make_user()
    other, _ = await make_user(email="other@acacia.io")
    url = f"/api/v1/users/{other['id']}/invoices"

    created = await client.post(url, json=FIRST, headers=headers)
    listed = await client.get(url, headers=headers)

    assert (created.status_code, listed.status_code) == (403, 403)
    assert created.json()["type"] == "urn:acacia:problem:forbidden"


async def test_create_invoice_with_an_invalid_field_returns_422(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user, headers = await make_user()

    response = await client.post(
        f"/api/v1/users/{user['id']}/invoices", json=INVALID, headers=headers
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == "urn:acacia:problem:validation-error"
    assert body["errors"][0]["loc"] == ["body", INVALID_FIELD]


async def test_create_invoice_with_a_key_given_twice_returns_400_and_stores_nothing(
    app: FastAPI, client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user, headers = await make_user()
    first, second = json.dumps(FIRST), json.dumps(SECOND)
    body = first[:-1] + ", " + second[1:]  # every field of the body twice

    response = await client.post(
        f"/api/v1/users/{user['id']}/invoices",
        content=body,
        headers={**headers, "content-type": "application/json"},
    )

    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM
    assert "twice" in response.json()["detail"]
    assert await app.state.database[INVOICES_COLLECTION].count_documents({}) == 0


async def test_deleting_a_user_deletes_their_invoices(
    app: FastAPI, client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user, headers = await make_user()
    other, other_headers = await make_user(email="other@acacia.io")
    for owner, owner_headers in ((user, headers), (other, other_headers)):
        created = await client.post(
            f"/api/v1/users/{owner['id']}/invoices", json=FIRST, headers=owner_headers
        )
        assert created.status_code == 201
    invoices = app.state.database[INVOICES_COLLECTION]

    deleted = await client.delete(f"/api/v1/users/{user['id']}")

    assert deleted.status_code == 204
    assert await invoices.count_documents({"user_id": user["id"]}) == 0
    assert await invoices.count_documents({"user_id": other["id"]}) == 1


async def _created(
    client: httpx.AsyncClient, user: dict[str, Any], headers: dict[str, str]
) -> str:
    """Create an invoice of ``user`` from ``FIRST``; its url."""
    url = f"/api/v1/users/{user['id']}/invoices"
    created = await client.post(url, json=FIRST, headers=headers)
    assert created.status_code == 201
    return f"{url}/{created.json()['id']}"


async def test_get_update_and_delete_an_invoice(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user, headers = await make_user()
    url = await _created(client, user, headers)
    change = {INVALID_FIELD: SECOND[INVALID_FIELD]}

    got = await client.get(url, headers=headers)
    updated = await client.patch(url, json=change, headers=headers)
    got_again = await client.get(url, headers=headers)
    deleted = await client.delete(url, headers=headers)
    gone = await client.get(url, headers=headers)

    assert got.status_code == 200
    assert {name: got.json()[name] for name in FIRST} == FIRST
    assert updated.status_code == 200
    assert {name: updated.json()[name] for name in FIRST} == {**FIRST, **change}
    assert got_again.json() == updated.json()
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert gone.status_code == 404
    assert gone.json()["type"] == "urn:acacia:problem:not-found"


@pytest.mark.parametrize(
    "body",
    [{}, {"unknown": 1}, {INVALID_FIELD: None}, INVALID],
    ids=["empty", "unknown-field", "null", "invalid"],
)
async def test_update_invoice_with_a_bad_body_returns_422(
    client: httpx.AsyncClient, make_user: UserFactory, body: dict[str, object]
) -> None:
    user, headers = await make_user()
    url = await _created(client, user, headers)

    response = await client.patch(url, json=body, headers=headers)

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "urn:acacia:problem:validation-error"
    assert (await client.get(url, headers=headers)).json()[INVALID_FIELD] == FIRST[
        INVALID_FIELD
    ]


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize("invoice_id", [UNKNOWN_ID, "not-an-id"])
async def test_an_unknown_invoice_is_404(
    client: httpx.AsyncClient, make_user: UserFactory, method: str, invoice_id: str
) -> None:
    user, headers = await make_user()
    url = f"/api/v1/users/{user['id']}/invoices/{invoice_id}"
    body = {INVALID_FIELD: SECOND[INVALID_FIELD]} if method == "PATCH" else None

    response = await client.request(method, url, json=body, headers=headers)

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "urn:acacia:problem:not-found"


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_the_invoice_of_another_user_is_404_under_your_own_path(
    client: httpx.AsyncClient, make_user: UserFactory, method: str
) -> None:
    user, headers = await make_user()
    other, other_headers = await make_user(email="other@acacia.io")
    others = await _created(client, other, other_headers)
    invoice_id = others.rsplit("/", 1)[1]
    url = f"/api/v1/users/{user['id']}/invoices/{invoice_id}"
    body = {INVALID_FIELD: SECOND[INVALID_FIELD]} if method == "PATCH" else None

    response = await client.request(method, url, json=body, headers=headers)
    untouched = await client.get(others, headers=other_headers)

    assert response.status_code == 404
    assert response.json()["type"] == "urn:acacia:problem:not-found"
    assert {name: untouched.json()[name] for name in FIRST} == FIRST


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_an_invoice_under_another_users_path_is_forbidden(
    client: httpx.AsyncClient, make_user: UserFactory, method: str
) -> None:
    _, headers = await make_user()
    other, other_headers = await make_user(email="other@acacia.io")
    others = await _created(client, other, other_headers)
    body = {INVALID_FIELD: SECOND[INVALID_FIELD]} if method == "PATCH" else None

    response = await client.request(method, others, json=body, headers=headers)

    assert response.status_code == 403
    assert response.json()["type"] == "urn:acacia:problem:forbidden"


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_the_404_of_an_invoice_is_documented_as_a_problem(
    app: FastAPI, method: str
) -> None:
    paths = app.openapi()["paths"]
    operation = paths["/api/v1/users/{user_id}/invoices/{invoice_id}"][method]

    assert PROBLEM in operation["responses"]["404"]["content"]
