"""snippets/security/rate_limit_mongodb.py: the budget is kept in MongoDB."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pymongo.database import Database

from tests.snippets.conftest import assert_refuses_without_mongo_uri, printed_by

SNIPPET = "security/rate_limit_mongodb.py"


@pytest.mark.integration
def test_the_fourth_attempt_in_a_minute_is_refused(
    run_main: Callable[[str], str], snippet_database: Database[dict[str, Any]]
) -> None:
    assert run_main(SNIPPET) == printed_by(SNIPPET)
    assert snippet_database.list_collection_names(), "counters in MongoDB"


@pytest.mark.integration
def test_each_run_has_its_own_budget(
    run_main: Callable[[str], str], database_env: str
) -> None:
    run_main(SNIPPET)
    assert run_main(SNIPPET) == printed_by(SNIPPET)


def test_refuses_to_start_without_mongo_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_refuses_without_mongo_uri(SNIPPET, monkeypatch)
