"""Each mutation of the compliant fixture trips exactly the rule it breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from acacia_sop.checker.checks import all_checks
from acacia_sop.checker.engine import run_checklist
from acacia_sop.checker.model import Status
from acacia_sop.checker.repo import ServiceRepo
from tests.checker.conftest import COMPLIANT
from tests.checker.mutations import MUTATIONS, Mutation, apply, resolve_line


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


def test_every_automated_rule_has_a_mutation() -> None:
    mutated = {mutation.rule_id for mutation in MUTATIONS}
    assert [
        check.rule_id for check in all_checks().values() if check.rule_id not in mutated
    ] == []
    assert len(mutated) == len(MUTATIONS), "two mutations for one rule"


@pytest.mark.parametrize(
    "mutation", [m for m in MUTATIONS if not m.run_tools], ids=lambda m: m.rule_id
)
def test_mutation_trips_exactly_its_rule(
    mutation: Mutation, compliant_copy: Path
) -> None:
    apply(mutation, compliant_copy)
    expected = {
        (file, resolve_line(compliant_copy, file, line))
        for file, line in mutation.expected
    }
    assert _failing(compliant_copy) == {mutation.rule_id: expected}


@pytest.mark.slow
@pytest.mark.parametrize(
    "mutation", [m for m in MUTATIONS if m.run_tools], ids=lambda m: m.rule_id
)
def test_tool_mutation_trips_exactly_its_rule(
    mutation: Mutation, compliant_copy: Path
) -> None:
    apply(mutation, compliant_copy)
    expected = {
        (file, resolve_line(compliant_copy, file, line))
        for file, line in mutation.expected
    }
    report = run_checklist(
        ServiceRepo(compliant_copy), only={mutation.rule_id}, run_tools=True
    )
    (result,) = report.results
    assert result.status is Status.FAILED
    assert {(f.file, f.line) for f in result.findings} == expected
    assert _failing(compliant_copy) == {}


@pytest.mark.slow
def test_mypy_error_fails_wf_02(compliant_copy: Path) -> None:
    helpers = compliant_copy / "app/utils/helpers.py"
    helpers.write_text(
        helpers.read_text("utf-8") + '\n\ndef count() -> int:\n    return "one"\n',
        "utf-8",
    )
    report = run_checklist(ServiceRepo(compliant_copy), only={"WF-02"}, run_tools=True)
    (result,) = report.results
    assert result.status is Status.FAILED
    assert [(f.file, f.line) for f in result.findings] == [("app/utils/helpers.py", 10)]
