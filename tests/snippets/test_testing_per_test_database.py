"""snippets/testing/per_test_database.py: each test gets, then loses, a database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pymongo import MongoClient

from tests.snippets.conftest import assert_refuses_without_mongo_uri, printed_by

SNIPPET = "testing/per_test_database.py"


@pytest.mark.integration
def test_both_tests_pass_and_leave_no_database_behind(
    run_main: Callable[[str], str], database_env: str, mongo_uri: str
) -> None:
    client: MongoClient[dict[str, Any]]
    with MongoClient(mongo_uri) as client:
        before = set(client.list_database_names())
        assert run_main(SNIPPET) == printed_by(SNIPPET)
        assert set(client.list_database_names()) <= before


def test_refuses_to_start_without_mongo_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_refuses_without_mongo_uri(SNIPPET, monkeypatch)
