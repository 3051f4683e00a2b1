"""snippets/mongodb/index_migration.py: named indexes, each with its purpose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pymongo.database import Database

from tests.snippets.conftest import (
    assert_refuses_without_mongo_uri,
    load,
    printed_by,
)

SNIPPET = "mongodb/index_migration.py"
pytestmark = pytest.mark.integration


def test_creates_every_index_and_prints_why(
    run_main: Callable[[str], str], snippet_database: Database[dict[str, Any]]
) -> None:
    assert run_main(SNIPPET) == printed_by(SNIPPET)
    users = snippet_database.users.index_information()
    assert users["users_email_unique"]["unique"]
    assert "orders_user_newest_first" in snippet_database.orders.index_information()


def test_running_twice_changes_nothing(
    run_main: Callable[[str], str], database_env: str
) -> None:
    assert run_main(SNIPPET) == run_main(SNIPPET)


def test_every_index_has_a_name_and_a_purpose() -> None:
    for _, index, purpose in load(SNIPPET)["INDEXES"]:
        assert index.document["name"]
        assert len(purpose.split()) >= 4


def test_refuses_to_start_without_mongo_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_refuses_without_mongo_uri(SNIPPET, monkeypatch)
