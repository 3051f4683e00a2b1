"""Each finding of a report with what the output formats say about it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from acacia_sop.catalog import Severity, rule_url
from acacia_sop.checker.engine import Report
from acacia_sop.checker.fingerprint import fingerprinted
from acacia_sop.checker.model import Finding, Result, Status


@dataclass(frozen=True)
class Located:
    """One finding, its rule, fingerprint, place in the repository and rule's URL."""

    result: Result
    finding: Finding
    fingerprint: str
    path: str
    """The finding's file relative to the repository root (the service's
    ``file`` is relative to the service's folder)."""
    url: str
    """The rule's absolute address on the hosted site."""

    @property
    def rule_id(self) -> str:
        """The ID of the rule the finding breaks."""
        return self.result.rule_id

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return self.result.severity


def located(report: Report, result: Result, site_url: str) -> list[Located]:
    """The findings of one result of ``report``, located.

    A finding keeps the fingerprint the adoption step gave it (the one a
    baseline records); one made without that step gets it here.
    """
    findings = fingerprinted(result.rule_id, result.findings, Path(report.path))
    url = rule_url(result.rule_id, site_url)
    return [
        Located(
            result,
            finding,
            finding.fingerprint,
            report.in_repository(finding.file),
            url,
        )
        for finding in findings
    ]


def failures(report: Report, site_url: str) -> list[Located]:
    """Every finding of a failed item, in report order."""
    return [
        found
        for result in report.results
        if result.status is Status.FAILED
        for found in located(report, result, site_url)
    ]
