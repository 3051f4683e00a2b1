"""The compliant fixture, base of every rule fixture, passes every rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from acacia_sop.checker.engine import run_checklist
from acacia_sop.checker.model import Status
from acacia_sop.checker.repo import ServiceRepo
from tests.checker.conftest import COMPLIANT


def _failing(
    root: Path, run_tools: bool = False
) -> dict[str, set[tuple[str, int | None]]]:
    report = run_checklist(ServiceRepo(root), run_tools=run_tools)
    return {
        result.rule_id: {(f.file, f.line) for f in result.findings}
        for result in report.results
        if result.status is Status.FAILED
    }


def test_compliant_fixture_passes_every_static_rule() -> None:
    assert _failing(COMPLIANT) == {}


@pytest.mark.slow
def test_compliant_fixture_passes_ruff_and_mypy(compliant_copy: Path) -> None:
    assert _failing(compliant_copy, run_tools=True) == {}
