"""snippets/security/operator_injection.py: operators never reach a query."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from snippets.security.operator_injection import LoginRequest, parse_login
from tests.snippets.conftest import printed_by

INJECTIONS: list[dict[str, Any]] = [
    {"email": {"$ne": ""}, "password": "x"},
    {"email": {"$gt": ""}, "password": "x"},
    {"email": "a@acacia.example", "password": {"$where": "sleep(100)"}},
    {"email": "a@acacia.example", "password": "x", "$where": "1"},
    {"email": "a@acacia.example", "password": ["x"]},
]


def test_plain_credentials_are_accepted() -> None:
    body = {"email": "a@acacia.example", "password": "correct horse"}
    assert parse_login(body) == LoginRequest.model_validate(body)


@pytest.mark.parametrize("body", INJECTIONS, ids=repr)
def test_operator_payloads_are_rejected(body: dict[str, Any]) -> None:
    assert parse_login(body) is None


@pytest.mark.integration
async def test_unvalidated_operator_matches_a_user_but_validated_input_cannot(
    mongo_uri: str, unique_db_name: str
) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_uri)
    users = client[unique_db_name]["users"]
    try:
        await users.insert_one({"email": "admin@acacia.example", "password": "h"})
        attack = INJECTIONS[0]
        assert await users.find_one({"email": attack["email"]}) is not None
        assert parse_login(attack) is None
        assert await users.count_documents({}) == 1
    finally:
        await client.drop_database(unique_db_name)
        await client.close()


def test_running_it_prints_which_bodies_are_rejected(
    run_main: Callable[[str], str],
) -> None:
    snippet = "security/operator_injection.py"
    assert run_main(snippet) == printed_by(snippet)
