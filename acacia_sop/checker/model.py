"""The data the checker works with: findings, results and checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from acacia_sop.checker.repo import ServiceRepo


class Status(StrEnum):
    """Outcome of one checklist item."""

    PASSED = "pass"
    FAILED = "fail"
    MANUAL = "manual"


@dataclass(frozen=True)
class Finding:
    """One problem: where it is (``line`` is ``None`` for a whole file) and the fix."""

    file: str
    line: int | None
    message: str

    @property
    def location(self) -> str:
        """``file:line``, or just ``file``."""
        return f"{self.file}:{self.line}" if self.line else self.file


CheckFunction = Callable[["ServiceRepo"], list[Finding]]


@dataclass(frozen=True)
class Check:
    """An automated checklist item: the SOP rule it enforces and how."""

    rule_id: str
    title: str
    looks_at: str
    run: CheckFunction | None
    tool: CheckFunction | None = None


@dataclass(frozen=True)
class Result:
    """What one item (automated check or manual item) came to."""

    rule_id: str
    title: str
    status: Status
    automated: bool
    findings: tuple[Finding, ...] = field(default_factory=tuple)
