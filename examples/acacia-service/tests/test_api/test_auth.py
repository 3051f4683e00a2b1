"""Authentication and roles: tokens, the route walk, who may do what."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from app.core.config import Environment, Settings
from app.core.security import create_access_token
from app.main import create_app
from app.services import auth_service
from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    USER_PASSWORD,
    SettingsFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e

PROBLEM = "application/problem+json"
OPEN_ROUTES = {("GET", "/api/v1/health"), ("POST", "/api/v1/auth/token")}
"""Health (probes) and the token endpoint (it hands out the tokens)."""
DOCS_ROUTES = {"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"}
"""Not API routes; served only outside production (see test_docs_*)."""


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["correlation_id"] == response.headers["x-request-id"]
    return body


# --8<-- [start:token_flow_test]
async def test_password_flow_returns_a_bearer_token_that_opens_the_api(
    anonymous_client: httpx.AsyncClient,
) -> None:
    response = await anonymous_client.post(
        "/api/v1/auth/token",
        data={"username": ADMIN_EMAIL.upper(), "password": ADMIN_PASSWORD},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 30 * 60
    me = await anonymous_client.get(
        "/api/v1/users/me",
        headers={"Authorization": f"Bearer {body['access_token']}"},
    )
    assert me.status_code == 200
    assert me.json()["email"] == ADMIN_EMAIL
    assert me.json()["role"] == "admin"


# --8<-- [end:token_flow_test]


@pytest.mark.parametrize(
    ("username", "password"),
    [
        (ADMIN_EMAIL, "wrong-password-123"),
        ("nobody@acacia.io", ADMIN_PASSWORD),
        ('{"$ne": null}', ADMIN_PASSWORD),
    ],
    ids=["wrong-password", "unknown-email", "operator-as-username"],
)
async def test_bad_credentials_get_the_same_401(
    anonymous_client: httpx.AsyncClient, username: str, password: str
) -> None:
    response = await anonymous_client.post(
        "/api/v1/auth/token", data={"username": username, "password": password}
    )

    body = _problem(response, 401)
    assert body["detail"] == "Incorrect email or password."
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"username": ADMIN_EMAIL}},
        {"data": {"username": "x" * 255, "password": "p"}},
        {"data": {"username": ADMIN_EMAIL, "password": "p" * 129}},
        {"json": {"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}},
    ],
    ids=["missing-password", "long-username", "long-password", "json-not-form"],
)
async def test_malformed_token_requests_get_422(
    anonymous_client: httpx.AsyncClient, request_kwargs: dict[str, Any]
) -> None:
    response = await anonymous_client.post("/api/v1/auth/token", **request_kwargs)

    _problem(response, 422)


def _bad_tokens(settings: Settings, user_id: str) -> dict[str, str | None]:
    other_key = settings.model_copy(
        update={"SECRET_KEY": settings.SECRET_KEY.__class__("x" * 48)}
    )
    expired_at = datetime.now(UTC) - timedelta(hours=1)
    return {
        "missing": None,
        "malformed": "not-a-jwt",
        "expired": create_access_token(
            user_id, "admin", settings, now=expired_at, expires_in=timedelta(minutes=1)
        ),
        "other-key": create_access_token(user_id, "admin", other_key),
    }


def _concrete_path(path: str) -> str:
    return path.replace("{user_id}", str(uuid.uuid4()))


# --8<-- [start:route_walk_test]
async def test_every_route_but_health_and_token_rejects_bad_tokens_with_401(
    app: FastAPI, anonymous_client: httpx.AsyncClient
) -> None:
    admin = await auth_service.authenticate_user(
        app.state.database, ADMIN_EMAIL, ADMIN_PASSWORD
    )
    tokens = _bad_tokens(app.state.settings, admin.id)
    checked = []
    for route in iter_route_contexts(app.routes):  # included routers, flattened
        assert route.path is not None
        if not isinstance(route.original_route, APIRoute):
            assert route.path in DOCS_ROUTES, f"unexpected non-API route {route.path}"
            continue
        for method in sorted(route.methods or ()):
            if (method, route.path) in OPEN_ROUTES:
                continue
            for name, token in tokens.items():
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                response = await anonymous_client.request(
                    method, _concrete_path(route.path), headers=headers
                )
                assert response.status_code == 401, (method, route.path, name)
                assert response.headers["www-authenticate"] == "Bearer"
                checked.append((method, route.path))

    assert len(set(checked)) >= 8  # every user and order operation was walked


# --8<-- [end:route_walk_test]


async def test_open_routes_answer_without_a_token(
    anonymous_client: httpx.AsyncClient,
) -> None:
    health = await anonymous_client.get("/api/v1/health")
    token = await anonymous_client.post(
        "/api/v1/auth/token",
        data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
    )

    assert (health.status_code, token.status_code) == (200, 200)


async def test_token_of_a_deleted_user_is_rejected(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user, headers = await make_user()
    await client.delete(f"/api/v1/users/{user['id']}")

    response = await client.get("/api/v1/users/me", headers=headers)

    assert "no longer exists" in _problem(response, 401)["detail"]


async def test_first_admin_is_created_once(app: FastAPI) -> None:
    created_again = await auth_service.ensure_first_admin(
        app.state.database, app.state.settings
    )

    assert created_again is False
    assert await app.state.database["users"].count_documents({"role": "admin"}) == 1


@pytest.mark.parametrize("environment", ["staging", "production"])
async def test_first_admin_is_never_created_outside_development_and_test(
    environment: str, settings: Settings
) -> None:
    staged = settings.model_copy(update={"ENVIRONMENT": Environment(environment)})

    class NoDatabase:
        def __getitem__(self, name: str) -> Any:
            raise AssertionError("the database must not be touched")

    assert await auth_service.ensure_first_admin(NoDatabase(), staged) is False  # type: ignore[arg-type]


async def test_password_is_stored_only_as_argon2_hash(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    response = await client.post(
        "/api/v1/users",
        json={"email": "h@acacia.io", "full_name": "H", "password": USER_PASSWORD},
    )

    stored = await app.state.database["users"].find_one({"email": "h@acacia.io"})
    assert response.status_code == 201
    assert stored["password_hash"].startswith("$argon2id$")
    assert USER_PASSWORD not in str(stored)
    assert "password" not in response.json()


# --8<-- [start:roles_test]
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/users"),
        ("POST", "/api/v1/users"),
        ("DELETE", "/api/v1/users/{other}"),
        ("GET", "/api/v1/users/{other}"),
        ("PATCH", "/api/v1/users/{other}"),
        ("GET", "/api/v1/users/{other}/orders"),
        ("POST", "/api/v1/users/{other}/orders"),
    ],
)
async def test_a_user_gets_403_for_admin_routes_and_other_users(
    client: httpx.AsyncClient, make_user: UserFactory, method: str, path: str
) -> None:
    _, headers = await make_user("me@acacia.io")
    other, _ = await make_user("other@acacia.io")
    bodies = {
        "POST /api/v1/users": {
            "email": "n@acacia.io",
            "full_name": "N",
            "password": USER_PASSWORD,
        },
        "PATCH /api/v1/users/{other}": {"full_name": "Hacked"},
        "POST /api/v1/users/{other}/orders": {
            "item": "x",
            "quantity": 1,
            "total_cents": 1,
        },
    }

    response = await client.request(
        method,
        path.format(other=other["id"]),
        json=bodies.get(f"{method} {path}"),
        headers=headers,
    )

    _problem(response, 403)


# --8<-- [end:roles_test]


async def test_a_user_reads_and_updates_itself_but_not_its_role(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    me, headers = await make_user()
    url = f"/api/v1/users/{me['id']}"

    read = await client.get(url, headers=headers)
    renamed = await client.patch(url, json={"full_name": "New"}, headers=headers)
    promoted = await client.patch(url, json={"role": "admin"}, headers=headers)
    replaced = await client.put(
        url,
        json={"email": me["email"], "full_name": "Again", "role": "admin"},
        headers=headers,
    )

    assert read.status_code == 200
    assert renamed.json()["full_name"] == "New"
    assert "Only an admin may change a role" in _problem(promoted, 403)["detail"]
    _problem(replaced, 403)
    assert (await client.get(url, headers=headers)).json()["role"] == "user"


async def test_an_admin_changes_roles_and_reads_every_users_orders(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user, headers = await make_user()
    await client.post(
        f"/api/v1/users/{user['id']}/orders",
        json={"item": "Seeds", "quantity": 1, "total_cents": 350},
        headers=headers,
    )

    orders = await client.get(f"/api/v1/users/{user['id']}/orders")
    promoted = await client.patch(f"/api/v1/users/{user['id']}", json={"role": "admin"})

    assert orders.json()["total"] == 1
    assert promoted.json()["role"] == "admin"


async def test_docs_and_openapi_are_not_served_in_production(
    make_settings: SettingsFactory,
) -> None:
    production = create_app(
        make_settings(ENABLE_DOCS=True).model_copy(
            update={
                "ENVIRONMENT": Environment.PRODUCTION,
                "DATABASE_NAME_SUFFIX": "",
                "PASSWORD_HASH_MEMORY_KIB": 65_536,
                "PASSWORD_HASH_ITERATIONS": 3,
            }
        )
    )

    paths = {route.path for route in iter_route_contexts(production.routes)}

    assert paths.isdisjoint(DOCS_ROUTES)
