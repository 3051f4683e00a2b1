"""What a team has accepted, applied to a report: excludes, suppressions, deviations.

The checks report everything they see; this step, run before the report is
rendered, drops the findings in excluded files, gives every finding its
fingerprint, accepts those a ``# sop: ignore[...]`` comment or an approved
deviation covers, and turns an expired deviation into a finding. Comments
without a reason, naming no rule or accepting nothing are findings of
``CMP-03`` ("Document every deviation"): a suppression is a deviation
recorded in the code. The baseline is applied after this
(:func:`acacia_sop.checker.baseline.apply_baseline`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from acacia_sop.catalog import rule
from acacia_sop.checker.baseline import CHECKED
from acacia_sop.checker.config import PYPROJECT, CheckConfig, Deviation
from acacia_sop.checker.engine import Report
from acacia_sop.checker.fingerprint import fingerprinted
from acacia_sop.checker.model import (
    Acceptance,
    Accepted,
    Finding,
    Result,
    Status,
)
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.suppression import Suppression, in_text, problems

META_RULE = "CMP-03"
"""The rule the findings about suppression comments go under."""


def accept(
    report: Report,
    repo: ServiceRepo,
    config: CheckConfig,
    today: date,
    only: set[str] | None = None,
) -> Report:
    """``report`` with excludes, suppressions and deviations applied.

    An expired deviation of a rule the report has no row for (one no check
    or checklist item covers) adds a failing row, unless ``only`` leaves
    that rule out.
    """
    results = [_fingerprinted(_kept(result, config), repo) for result in report.results]
    comments = _suppressions(repo, config, results)
    used: set[tuple[Suppression, str]] = set()
    results = [_suppress(result, comments, used) for result in results]
    deviations = {deviation.rule_id: deviation for deviation in config.deviations}
    results = [
        _deviate(result, deviations.get(result.rule_id), today) for result in results
    ]
    rows = {result.rule_id for result in results}
    for deviation in config.deviations:
        selected = only is None or deviation.rule_id in only
        if deviation.rule_id not in rows and selected and deviation.expired(today):
            results = _with_findings(results, deviation.rule_id, [_expired(deviation)])
    ran = {result.rule_id for result in results if result.status in CHECKED}
    found = problems((c for per_line in comments.values() for c in per_line), used, ran)
    if found:
        results = _with_findings(results, META_RULE, found)
    return replace(
        report, results=tuple(_fingerprinted(result, repo) for result in results)
    )


def _fingerprinted(result: Result, repo: ServiceRepo) -> Result:
    """``result`` with a fingerprint on each of its findings that has none."""
    findings = fingerprinted(result.rule_id, result.findings, repo.root)
    return replace(result, findings=findings)


def _kept(result: Result, config: CheckConfig) -> Result:
    """The result without the findings in excluded files."""
    kept = tuple(f for f in result.findings if not config.excluded(f.file))
    if result.status is Status.FAILED and not kept:
        return replace(result, status=Status.PASSED, findings=())
    return replace(result, findings=kept)


def _suppressions(
    repo: ServiceRepo, config: CheckConfig, results: list[Result]
) -> dict[tuple[str, int], list[Suppression]]:
    """Comments in the Python files and in any file with a finding, by line."""
    files = dict.fromkeys(repo.python_files)
    files.update(dict.fromkeys(f.file for r in results for f in r.findings if f.line))
    by_line: dict[tuple[str, int], list[Suppression]] = defaultdict(list)
    for file in files:
        if config.excluded(file):
            continue
        for comment in in_text(file, repo.text(file) or ""):
            by_line[comment.file, comment.line].append(comment)
    return by_line


def _suppress(
    result: Result,
    comments: dict[tuple[str, int], list[Suppression]],
    used: set[tuple[Suppression, str]],
) -> Result:
    kept, accepted = [], list(result.accepted)
    for finding in result.findings:
        covering = [
            comment
            for comment in comments.get((finding.file, finding.line or 0), [])
            if result.rule_id in comment.rule_ids
        ]
        used.update((comment, result.rule_id) for comment in covering)
        if covering:
            reason = covering[0].reason
            accepted.append(Accepted(finding, Acceptance.SUPPRESSED, reason))
        else:
            kept.append(finding)
    status = result.status
    if status is Status.FAILED and not kept:
        status = Status.PASSED
    return replace(
        result, status=status, findings=tuple(kept), accepted=tuple(accepted)
    )


def _deviate(result: Result, deviation: Deviation | None, today: date) -> Result:
    if deviation is None:
        return result
    if deviation.expired(today):
        return replace(
            result,
            status=Status.FAILED,
            findings=(*result.findings, _expired(deviation)),
            deviation=deviation,
        )
    accepted = [
        Accepted(finding, Acceptance.DEVIATED, deviation.reason)
        for finding in result.findings
    ]
    return replace(
        result,
        status=Status.DEVIATION,
        findings=(),
        accepted=(*result.accepted, *accepted),
        deviation=deviation,
    )


def _expired(deviation: Deviation) -> Finding:
    return Finding(
        PYPROJECT,
        deviation.line,
        f"the deviation from {deviation.rule_id} expired on "
        f"{deviation.expires} ({deviation.reason}): fix the findings, or "
        "renew it with the team lead's approval and a new `expires`",
    )


def _with_findings(
    results: list[Result], rule_id: str, found: list[Finding]
) -> list[Result]:
    """``results`` with ``found`` failing ``rule_id``'s row (added when absent)."""
    findings = tuple(found)
    for index, result in enumerate(results):
        if result.rule_id == rule_id:
            results[index] = replace(
                result,
                status=Status.FAILED,
                automated=True,
                findings=(*result.findings, *findings),
            )
            return results
    written = rule(rule_id)
    row = Result(
        rule_id,
        written.title,
        Status.FAILED,
        True,
        findings,
        severity=written.severity,
    )
    return [*results, row]
