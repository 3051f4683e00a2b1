"""snippets/mongodb/json_schema_validator.py: the database refuses bad orders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pymongo.database import Database

from tests.snippets.conftest import assert_refuses_without_mongo_uri, printed_by

SNIPPET = "mongodb/json_schema_validator.py"
pytestmark = pytest.mark.integration


def test_accepts_a_good_order_and_refuses_a_bad_one(
    run_main: Callable[[str], str], snippet_database: Database[dict[str, Any]]
) -> None:
    assert run_main(SNIPPET) == printed_by(SNIPPET)
    orders = list(snippet_database.orders.find({}, {"_id": 0}))
    assert orders == [{"user_id": "u-1", "total_cents": 1250, "status": "paid"}]


def test_a_second_run_updates_the_existing_validator(
    run_main: Callable[[str], str], database_env: str
) -> None:
    run_main(SNIPPET)
    assert run_main(SNIPPET) == printed_by(SNIPPET)


def test_refuses_to_start_without_mongo_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_refuses_without_mongo_uri(SNIPPET, monkeypatch)
