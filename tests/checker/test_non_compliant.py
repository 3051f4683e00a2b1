"""The non-compliant fixture (shown on the checker page) fails what it breaks."""

from __future__ import annotations

from acacia_sop.checker.engine import run_checklist
from acacia_sop.checker.model import Status
from acacia_sop.checker.repo import ServiceRepo
from tests.checker.conftest import FIXTURES

NON_COMPLIANT = FIXTURES / "non_compliant"
PASSING = {"STR-04", "SEC-08"}


def test_non_compliant_fixture_fails_what_it_breaks() -> None:
    report = run_checklist(ServiceRepo(NON_COMPLIANT))
    automated = {r.rule_id: r for r in report.results if r.automated}
    passing = {rule_id for rule_id, r in automated.items() if r.status is Status.PASSED}
    assert passing == PASSING
    not_checked = {
        rule_id for rule_id, r in automated.items() if r.status is Status.NOT_CHECKED
    }
    assert not_checked == {"DEP-14", "DEP-19", "STR-02", "API-07"}
    findings = {(f.file, f.line) for f in automated["STY-05"].findings} | {
        (f.file, f.line) for f in automated["DB-02"].findings
    }
    assert findings == {
        ("app/main.py", 11),  # each bad name once, where it first appears
        ("app/main.py", 2),
        ("app/main.py", 5),
    }
    messages = [f.message for f in automated["STY-05"].findings]
    assert any("'user_accounts'" in m for m in messages)
