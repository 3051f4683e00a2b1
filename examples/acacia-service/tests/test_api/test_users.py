"""End-to-end user and order API tests: status code *and* body each time."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import UserFactory

pytestmark = pytest.mark.e2e

PROBLEM = "application/problem+json"
PASSWORD = "a-long-enough-password"


async def _create(
    client: httpx.AsyncClient, email: str = "ada@acacia.io", name: str = "Ada"
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/users", json={"email": email, "full_name": name, "password": PASSWORD}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _assert_problem(
    response: httpx.Response, status: int, problem_type: str
) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"] == problem_type
    assert body["title"]
    assert body["detail"]
    assert body["correlation_id"] == response.headers["x-request-id"]
    return body


# --8<-- [start:e2e_create_user]
async def test_create_user_returns_201_with_public_id(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/v1/users",
        json={
            "email": "Ada@Acacia.IO",
            "full_name": "Ada Lovelace",
            "password": "correct-horse-battery",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "email", "full_name", "role", "created_at", "updated_at"}
    assert body["role"] == "user"
    assert "password" not in response.text
    assert uuid.UUID(body["id"]).version == 4
    assert body["email"] == "ada@acacia.io"
    assert body["full_name"] == "Ada Lovelace"
    assert "_id" not in response.text


# --8<-- [end:e2e_create_user]


async def test_get_user_returns_the_created_user(client: httpx.AsyncClient) -> None:
    created = await _create(client)

    response = await client.get(f"/api/v1/users/{created['id']}")

    assert response.status_code == 200
    assert response.json() == created


async def test_create_duplicate_email_returns_409(client: httpx.AsyncClient) -> None:
    await _create(client, email="dup@acacia.io")

    response = await client.post(
        "/api/v1/users",
        json={"email": "DUP@acacia.io", "full_name": "Other", "password": PASSWORD},
    )

    body = _assert_problem(response, 409, "urn:acacia:problem:duplicate-email")
    assert body["title"] == "Conflict"
    assert "dup@acacia.io" in body["detail"]


@pytest.mark.parametrize(
    "payload",
    [
        {"email": "not-an-email", "full_name": "Ada", "password": PASSWORD},
        {"email": "ada@acacia.io", "password": PASSWORD},
        {"email": "ada@acacia.io", "full_name": "", "password": PASSWORD},
        {"email": "ada@acacia.io", "full_name": "A", "password": PASSWORD, "x": 1},
        {"email": 42, "full_name": "Ada", "password": PASSWORD},
        {"email": "ada@acacia.io", "full_name": "Ada"},
        {"email": "ada@acacia.io", "full_name": "Ada", "password": "short"},
        {"email": "ada@acacia.io", "full_name": "Ada", "password": "p" * 129},
        {"email": "ada@acacia.io", "full_name": "A", "password": PASSWORD, "role": "x"},
    ],
    ids=[
        "bad-email",
        "missing-name",
        "empty-name",
        "extra-field",
        "wrong-type",
        "missing-password",
        "short-password",
        "long-password",
        "unknown-role",
    ],
)
async def test_create_user_with_invalid_body_returns_422(
    client: httpx.AsyncClient, payload: dict[str, Any]
) -> None:
    response = await client.post("/api/v1/users", json=payload)

    body = _assert_problem(response, 422, "urn:acacia:problem:validation-error")
    assert body["errors"]
    assert all({"loc", "msg", "type"} <= set(error) for error in body["errors"])


async def test_malformed_json_returns_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/users",
        content=b'{"email": ',
        headers={"content-type": "application/json"},
    )

    _assert_problem(response, 422, "urn:acacia:problem:validation-error")


async def test_list_users_paginates_with_total(client: httpx.AsyncClient) -> None:
    created = [
        await _create(client, email=f"u{i}@acacia.io", name=f"U{i}") for i in range(5)
    ]

    # The first admin (created at start-up) is the oldest user: offset 1 skips it.
    first = await client.get("/api/v1/users", params={"limit": 2, "offset": 1})
    last = await client.get("/api/v1/users", params={"limit": 2, "offset": 5})

    assert first.status_code == 200
    assert first.json() == {"items": created[:2], "total": 6, "limit": 2, "offset": 1}
    assert last.json() == {"items": created[4:], "total": 6, "limit": 2, "offset": 5}


async def test_list_users_defaults_to_limit_20(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/users")

    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (1, 20, 0)
    assert [user["role"] for user in body["items"]] == ["admin"]


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "many"}],
    ids=["limit-0", "limit-101", "negative-offset", "non-integer"],
)
async def test_list_users_with_bad_pagination_returns_422(
    client: httpx.AsyncClient, params: dict[str, Any]
) -> None:
    response = await client.get("/api/v1/users", params=params)

    _assert_problem(response, 422, "urn:acacia:problem:validation-error")


async def test_put_replaces_user_fields(client: httpx.AsyncClient) -> None:
    created = await _create(client)

    response = await client.put(
        f"/api/v1/users/{created['id']}",
        json={"email": "grace@acacia.io", "full_name": "Grace Hopper"},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == created["id"]
    assert body["email"] == "grace@acacia.io"
    assert body["full_name"] == "Grace Hopper"
    assert body["created_at"] == created["created_at"]
    assert body["updated_at"] >= created["updated_at"]


async def test_put_with_missing_field_returns_422(client: httpx.AsyncClient) -> None:
    created = await _create(client)

    response = await client.put(
        f"/api/v1/users/{created['id']}", json={"full_name": "X"}
    )

    _assert_problem(response, 422, "urn:acacia:problem:validation-error")


async def test_patch_changes_only_given_fields(client: httpx.AsyncClient) -> None:
    created = await _create(client)

    response = await client.patch(
        f"/api/v1/users/{created['id']}", json={"full_name": "Ada King"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == "Ada King"
    assert body["email"] == created["email"]


@pytest.mark.parametrize(
    "payload", [{}, {"email": None}], ids=["empty-body", "null-email"]
)
async def test_patch_with_nothing_to_change_returns_422(
    client: httpx.AsyncClient, payload: dict[str, Any]
) -> None:
    created = await _create(client)

    response = await client.patch(f"/api/v1/users/{created['id']}", json=payload)

    _assert_problem(response, 422, "urn:acacia:problem:validation-error")


async def test_patch_to_taken_email_returns_409(client: httpx.AsyncClient) -> None:
    await _create(client, email="taken@acacia.io")
    other = await _create(client, email="other@acacia.io")

    response = await client.patch(
        f"/api/v1/users/{other['id']}", json={"email": "taken@acacia.io"}
    )

    _assert_problem(response, 409, "urn:acacia:problem:duplicate-email")


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
async def test_unknown_user_returns_404(client: httpx.AsyncClient, method: str) -> None:
    unknown = str(uuid.uuid4())
    payload = {"email": "x@acacia.io", "full_name": "X"}
    json = payload if method in {"PUT", "PATCH"} else None

    response = await client.request(method, f"/api/v1/users/{unknown}", json=json)

    body = _assert_problem(response, 404, "urn:acacia:problem:user-not-found")
    assert unknown in body["detail"]


@pytest.mark.parametrize(
    "user_id", ["not-a-uuid", "507f1f77bcf86cd799439011", "%24where", "x" * 65]
)
async def test_malformed_user_id_returns_404_or_422_never_500(
    client: httpx.AsyncClient, user_id: str
) -> None:
    response = await client.get(f"/api/v1/users/{user_id}")

    assert response.status_code in {404, 422}
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == response.status_code


async def test_delete_user_returns_204_then_404(client: httpx.AsyncClient) -> None:
    created = await _create(client)

    deleted = await client.delete(f"/api/v1/users/{created['id']}")
    again = await client.get(f"/api/v1/users/{created['id']}")

    assert deleted.status_code == 204
    assert deleted.content == b""
    _assert_problem(again, 404, "urn:acacia:problem:user-not-found")


async def test_delete_unknown_user_returns_404(client: httpx.AsyncClient) -> None:
    response = await client.delete(f"/api/v1/users/{uuid.uuid4()}")

    _assert_problem(response, 404, "urn:acacia:problem:user-not-found")


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("PATCH", {"role": "user"}),
        ("PUT", {"email": "admin@acacia.io", "full_name": "Admin", "role": "user"}),
        ("DELETE", None),
    ],
)
async def test_the_last_admin_cannot_demote_or_delete_itself(
    app: FastAPI, client: httpx.AsyncClient, method: str, body: dict[str, Any] | None
) -> None:
    admin = (await client.get("/api/v1/users/me")).json()

    response = await client.request(method, f"/api/v1/users/{admin['id']}", json=body)

    _assert_problem(response, 409, "urn:acacia:problem:last-admin")
    users = app.state.database["users"]
    assert await users.count_documents({"id": admin["id"], "role": "admin"}) == 1


async def test_an_admin_can_step_down_once_another_admin_exists(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    await make_user(email="second-admin@acacia.io", role="admin")
    admin = (await client.get("/api/v1/users/me")).json()

    demoted = await client.patch(f"/api/v1/users/{admin['id']}", json={"role": "user"})

    assert demoted.status_code == 200
    assert demoted.json()["role"] == "user"
