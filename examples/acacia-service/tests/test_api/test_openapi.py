"""The OpenAPI document describes every error as the API really sends it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import UserFactory

pytestmark = pytest.mark.e2e

PROBLEM = {
    "application/problem+json": {
        "schema": {"$ref": "#/components/schemas/ProblemDetails"}
    }
}


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


async def test_every_error_response_is_documented_as_problem_details(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()

    for name, operation in _operations(document):
        responses = operation["responses"]
        errors = {status for status in responses if status[0] in "45"}
        assert "503" in errors, name
        if operation.get("security"):
            assert {"401", "403"} <= errors, name
        if "{" in name:
            assert "404" in errors, name
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= errors, name
        for status in errors:
            assert responses[status]["content"] == PROBLEM, (name, status)
    assert "HTTPValidationError" not in document["components"]["schemas"]


async def test_a_json_key_given_twice_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/users",
        content=b'{"email": "a@acacia.io", "full_name": "A", "password": "p'
        b'assword-long-1", "email": "admin@acacia.io"}',
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "The JSON body has the key 'email' twice."


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/api/v1/users", "GET, POST"),
        ("/api/v1/users/some-id", "DELETE, GET, PATCH, PUT"),
        ("/api/v1/users/some-id/orders", "GET, POST"),
        ("/api/v1/users/me", "GET"),
    ],
)
async def test_405_names_every_method_of_the_path(
    client: httpx.AsyncClient, path: str, allowed: str
) -> None:
    response = await client.request("OPTIONS", path)

    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "email",
    ["\u0430dmin@acacia.io", "\uff41dmin@acacia.io", "admin@xn--cacia-8zd.io"],
    ids=["cyrillic-a", "full-width-a", "idn-domain"],
)
async def test_look_alike_emails_are_refused(
    client: httpx.AsyncClient, email: str
) -> None:
    response = await client.post(
        "/api/v1/users",
        json={"email": email, "full_name": "Mallory", "password": "p" * 12},
    )

    assert response.status_code == 422
    assert "ASCII" in response.text


async def test_a_whole_number_written_as_a_float_is_an_integer(
    client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    user, headers = await make_user()
    orders = f"/api/v1/users/{user['id']}/orders"
    body = {"item": "Soil kit", "quantity": 2.0, "total_cents": 100}

    whole = await client.post(orders, json=body, headers=headers)
    fraction = await client.post(
        orders, json={**body, "quantity": 2.5}, headers=headers
    )
    text = await client.post(orders, json={**body, "quantity": "2"}, headers=headers)

    assert whole.status_code == 201
    assert whole.json()["quantity"] == 2
    assert (fraction.status_code, text.status_code) == (422, 422)


async def test_a_blank_name_is_refused_and_the_schema_says_so(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    response = await client.post(
        "/api/v1/users",
        json={"email": "b@acacia.io", "full_name": "\u0085 ", "password": "p" * 12},
    )
    schema = (await client.get("/openapi.json")).json()["components"]["schemas"]

    assert response.status_code == 422
    assert "pattern" in schema["UserCreate"]["properties"]["full_name"]
    assert schema["UserPatch"]["minProperties"] == 1


async def test_me_is_never_taken_for_a_user_id(client: httpx.AsyncClient) -> None:
    response = await client.patch("/api/v1/users/me", json={"full_name": "Me"})

    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
