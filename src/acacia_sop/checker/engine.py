"""Run the checklist against a repository: automated checks and manual items."""

from __future__ import annotations

import os
import posixpath
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from acacia_sop.catalog import Severity, rule
from acacia_sop.checker.checklist import items
from acacia_sop.checker.checks import all_checks
from acacia_sop.checker.model import (
    BaselineEntry,
    Check,
    Finding,
    NotChecked,
    Result,
    Status,
)
from acacia_sop.checker.repo import ServiceRepo

RUN_TOOLS_HINT = "run `acacia-sop check --run-tools` to decide this automatically"


@dataclass(frozen=True)
class ManualResult(Result):
    """A result a human decides, with what to verify."""

    verify: str = ""


@dataclass(frozen=True)
class Report:
    """The outcome of one ``check`` run."""

    path: str
    results: tuple[Result, ...]
    notes: tuple[str, ...] = ()
    """What the reader must know first (the service's Python, where it lives)."""
    service_dir: str = ""
    """The service's folder relative to the repository root (``""``: the root)."""
    fixed: tuple[BaselineEntry, ...] = ()
    """Baseline entries no finding matches any more: fixed, to be removed."""

    @property
    def summary(self) -> dict[str, int]:
        """How many items passed, failed, were not checked, need a human or
        have an approved deviation."""
        counts = Counter(result.status for result in self.results)
        return {
            "passed": counts[Status.PASSED],
            "failed": counts[Status.FAILED],
            "not_checked": counts[Status.NOT_CHECKED],
            "manual": counts[Status.MANUAL],
            "deviation": counts[Status.DEVIATION],
        }

    @property
    def ok(self) -> bool:
        """Whether every automated item passed."""
        return self.summary["failed"] == 0

    def fails(self, fail_on: Severity = Severity.ERROR) -> bool:
        """Whether an item failed whose rule weighs at least ``fail_on``."""
        return any(
            result.status is Status.FAILED and result.severity.at_least(fail_on)
            for result in self.results
        )

    def in_repository(self, file: str) -> str:
        """A finding's file (relative to the service) relative to the repository."""
        return posixpath.normpath(posixpath.join(self.service_dir, file))


def known_rule_ids() -> set[str]:
    """IDs ``--only`` accepts: every check and every rule a checklist item links."""
    return set(all_checks()) | {rule for item in items() for rule in item.rules}


def _result(
    rule_id: str,
    status: Status,
    findings: tuple[Finding, ...] = (),
    reason: str = "",
) -> Result:
    """An automated item's result under its rule's title and severity."""
    written = rule(rule_id)
    return Result(
        rule_id, written.title, status, True, findings, reason, written.severity
    )


def _manual(rule_id: str, verify: str) -> ManualResult:
    """A row a human decides, under its rule's title and severity."""
    written = rule(rule_id)
    return ManualResult(
        rule_id,
        written.title,
        Status.MANUAL,
        False,
        severity=written.severity,
        verify=verify,
    )


def _run_check(check: Check, repo: ServiceRepo, run_tools: bool) -> Result:
    if check.run is None and not run_tools:
        return _manual(check.rule_id, RUN_TOOLS_HINT)
    findings: list[Finding] = []
    reasons: list[str] = []
    steps = [check.run, check.tool if run_tools else None]
    for step in (s for s in steps if s is not None):
        repo.current_file = None
        try:
            findings.extend(step(repo))
        except NotChecked as nothing:
            reasons.append(nothing.reason)
        except Exception as error:  # report it, never crash on input
            where = repo.current_file
            message = f"could not check{f' {where}' if where else ''}: {error!r}"
            findings.append(Finding(where or ".", None, message))
    if findings:
        return _result(check.rule_id, Status.FAILED, tuple(findings))
    if reasons:
        return _result(check.rule_id, Status.NOT_CHECKED, reason="; ".join(reasons))
    return _result(check.rule_id, Status.PASSED)


def _item_result(rule_id: str, results: list[Result]) -> Result:
    """An item's checks folded into one row under the rule ID asked for."""
    findings = tuple(f for result in results for f in result.findings)
    if any(result.status is Status.FAILED for result in results):
        return _result(rule_id, Status.FAILED, findings)
    if all(result.status is Status.MANUAL for result in results):
        return _manual(rule_id, RUN_TOOLS_HINT)
    if not any(result.status is Status.PASSED for result in results):
        reason = "; ".join(r.reason for r in results if r.reason)
        return _result(rule_id, Status.NOT_CHECKED, reason=reason)
    return _result(rule_id, Status.PASSED, findings)


def run_checklist(
    repo: ServiceRepo, only: set[str] | None = None, run_tools: bool = False
) -> Report:
    """Check ``repo`` item by item; ``only`` keeps the given rule IDs.

    ``only`` selects a check by its ID, and an item by any rule it links: an
    item selected by a rule that is not one of its checks (``STY-03`` for the
    ruff item) is reported under that ID, its checks folded into one row, or
    as a manual row when it has no check. A check of a rule that no checklist
    item links runs after the checklist, under its own ID.
    """
    checks = all_checks()
    results: list[Result] = []
    listed = {rule_id for item in items() for rule_id in item.checks}
    for item in items():
        selected = [r for r in item.rules if only is None or r in only]
        if item.checks:
            results.extend(
                _run_check(checks[rule_id], repo, run_tools)
                for rule_id in item.checks
                if only is None or rule_id in only
            )
            if only is not None:
                results.extend(
                    _item_result(
                        rule_id,
                        [
                            _run_check(checks[check], repo, run_tools)
                            for check in item.checks
                        ],
                    )
                    for rule_id in selected
                    if rule_id not in item.checks
                )
        elif selected:
            results.append(_manual(selected[0], item.manual))
    results.extend(
        _run_check(check, repo, run_tools)
        for rule_id, check in checks.items()
        if rule_id not in listed and (only is None or rule_id in only)
    )
    service_dir = Path(os.path.relpath(repo.root, repo.top)).as_posix()
    return Report(
        str(repo.root),
        tuple(results),
        tuple(repo.notes),
        "" if service_dir == "." else service_dir,
    )
