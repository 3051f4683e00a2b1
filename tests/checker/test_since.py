"""`acacia-sop check --since x.y`: only the items of rules changed since x.y.

The end-to-end run (two real releases, the rule history they record) is in
tests/versions/test_release.py; these cover the selection and the errors.
"""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from acacia_sop.checker import rule_history
from acacia_sop.checker.command import main
from tests.checker.conftest import COMPLIANT

HISTORY = {
    "1.0": {"DB-01": "a", "DB-02": "b", "AB-01": "gone"},
    "1.1": {"DB-01": "a", "DB-02": "b2", "SEC-01": "new"},
}


@pytest.fixture
def released(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two releases: DB-02 changed, SEC-01 added, AB-01 withdrawn."""
    monkeypatch.setattr(rule_history, "rule_history", lambda: HISTORY)


def test_the_shipped_history_is_a_version_map() -> None:
    text = files("acacia_sop.checker").joinpath("rule_history.json").read_text()
    shipped = json.loads(text)

    assert isinstance(shipped, dict)
    assert all(isinstance(rules, dict) for rules in shipped.values())


@pytest.mark.usefixtures("released")
def test_changed_since_lists_added_changed_and_withdrawn_rules() -> None:
    assert rule_history.changed_since("1.0") == {"DB-02", "SEC-01", "AB-01"}
    assert rule_history.changed_since("1.1") == set()


def _checked_ids(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["check", str(COMPLIANT), "--format", "json", *args]) == 0
    document = json.loads(capsys.readouterr().out)
    return [result["rule_id"] for result in document["results"]]


@pytest.mark.usefixtures("released")
def test_since_keeps_only_changed_rules_and_combines_with_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert sorted(_checked_ids(capsys, "--since", "1.0")) == ["DB-02", "SEC-01"]
    assert _checked_ids(capsys, "--since", "1.0", "--only", "DB-01") == []
    assert _checked_ids(capsys, "--since", "1.0", "--only", "DB-02") == ["DB-02"]


@pytest.mark.usefixtures("released")
def test_an_unknown_version_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(COMPLIANT), "--since", "0.9"]) == 2
    assert capsys.readouterr().err == (
        "acacia-sop: error: --since 0.9 is not a released SOP version (1.0, 1.1)\n"
    )
