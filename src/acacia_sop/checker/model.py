"""The data the checker works with: findings, results and checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from acacia_sop.catalog import Rule, Severity

if TYPE_CHECKING:
    from acacia_sop.checker.repo import ServiceRepo


class Status(StrEnum):
    """Outcome of one checklist item."""

    PASSED = "pass"
    FAILED = "fail"
    MANUAL = "manual"
    NOT_CHECKED = "not-checked"


class NotChecked(Exception):  # noqa: N818 - a verdict, not an error
    """Raised by a check that found nothing to look at; the reason is shown.

    A rule that sees no route, no MongoDB client or no settings class has not
    checked anything: it says so instead of passing.
    """

    def __init__(self, reason: str) -> None:
        """Keep the reason, e.g. ``"no route found"``."""
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Finding:
    """One problem: where it is (``line`` is ``None`` for a whole file) and the fix.

    ``column`` (1-based) is known for findings that come from ruff.
    """

    file: str
    line: int | None
    message: str
    column: int | None = None

    @property
    def location(self) -> str:
        """``file:line``, or just ``file``."""
        return f"{self.file}:{self.line}" if self.line else self.file


def one_per_line(findings: Iterable[Finding]) -> list[Finding]:
    """The first finding on each line; whole-file findings are all kept.

    For a check whose detectors see the same violation (a hard-coded key is
    both ruff's S105 and a known key format): it lists the most specific
    first, and one finding per line is left.
    """
    kept: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    for finding in findings:
        if finding.line is None:
            kept.append(finding)
        elif (finding.file, finding.line) not in seen:
            seen.add((finding.file, finding.line))
            kept.append(finding)
    return kept


CheckFunction = Callable[["ServiceRepo"], list[Finding]]


@dataclass(frozen=True)
class Check:
    """An automated checklist item: the SOP rule it enforces and how.

    ``run`` reads the service's files; ``tool`` runs its own tools
    (``--run-tools``). The title and severity are the rule's, from its page.
    """

    rule: Rule
    looks_at: str
    run: CheckFunction | None
    tool: CheckFunction | None = None

    @property
    def rule_id(self) -> str:
        """The ID of the rule it enforces."""
        return self.rule.rule_id


@dataclass(frozen=True)
class Result:
    """What one item (automated check or manual item) came to."""

    rule_id: str
    title: str
    status: Status
    automated: bool
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    reason: str = ""
    """Why the item was not checked (status ``not-checked`` only)."""
    severity: Severity = Severity.ERROR
    """How much a failure weighs: the rule's severity, from its page."""
