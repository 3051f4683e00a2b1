"""snippets/config/settings_per_environment.py: one kebab-case database each."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from tests.snippets.conftest import load, printed_by

SNIPPET = "config/settings_per_environment.py"


def test_prints_each_environments_database_and_hides_the_uri(
    run_main: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONGO_URI", "mongodb://user:secret@db.example")
    output = run_main(SNIPPET)
    assert output == printed_by(SNIPPET)
    assert "secret" not in output


def test_environment_variable_selects_the_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "staging")
    assert load(SNIPPET)["Settings"]().database_name == "acacia-analytics-staging"


def test_unknown_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "prod")
    with pytest.raises(ValidationError, match="ENVIRONMENT"):
        load(SNIPPET)["Settings"]()


def test_a_database_name_that_is_not_kebab_case_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snippet = load(SNIPPET)
    environment = snippet["Environment"].TEST
    monkeypatch.setitem(snippet["DATABASE_NAMES"], environment, "Acacia_Test")
    with pytest.raises(ValidationError, match="not kebab-case"):
        snippet["Settings"](ENVIRONMENT=environment)
