"""A baseline: the findings a service had when it adopted the checker.

``acacia-sop check . --write-baseline .sop-baseline.json`` records each
finding that fails the run by its fingerprint (rule, file and line text,
never the line number); with ``--baseline`` (or ``baseline`` in
``[tool.acacia-sop]``) those findings are accepted and only new ones fail.
An entry that matches no finding any more was fixed: the report lists it, to
be removed (write the baseline again).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from acacia_sop.checker.engine import Report
from acacia_sop.checker.model import (
    Acceptance,
    Accepted,
    BaselineEntry,
    Result,
    Status,
)

FORMAT = 1
CHECKED = frozenset({Status.PASSED, Status.FAILED})
"""Statuses of a rule whose unmatched entries were fixed (not a rule that was
not checked, is manual or has a deviation)."""


class BaselineError(ValueError):
    """A baseline file that cannot be read; the message names it."""


@dataclass(frozen=True)
class Baseline:
    """The recorded findings, in the file's order."""

    entries: tuple[BaselineEntry, ...]


def entries(report: Report) -> tuple[BaselineEntry, ...]:
    """An entry for each finding of ``report`` that fails the run."""
    return tuple(
        BaselineEntry(
            result.rule_id, finding.file, finding.fingerprint, finding.message
        )
        for result in report.results
        if result.status is Status.FAILED
        for finding in result.findings
    )


def write_baseline(path: Path, report: Report) -> Baseline:
    """Record the failing findings of ``report`` in ``path``; return them."""
    baseline = Baseline(entries(report))
    document = {
        "tool": "acacia-sop",
        "format": FORMAT,
        "findings": [
            {
                "rule": entry.rule_id,
                "file": entry.file,
                "fingerprint": entry.fingerprint,
                "message": entry.message,
            }
            for entry in baseline.entries
        ],
    }
    try:
        path.write_text(json.dumps(document, indent=2) + "\n", "utf-8")
    except OSError as error:
        raise BaselineError(f"cannot write {path}: {error.strerror}") from None
    return baseline


def read_baseline(path: Path) -> Baseline:
    """The baseline in ``path``; :class:`BaselineError` when it is not one."""
    try:
        document = json.loads(path.read_text("utf-8"))
        found = tuple(
            BaselineEntry(
                str(item["rule"]),
                str(item["file"]),
                str(item["fingerprint"]),
                str(item.get("message", "")),
            )
            for item in document["findings"]
        )
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BaselineError(
            f"{path} is not an acacia-sop baseline: write it with --write-baseline"
        ) from None
    return Baseline(found)


def apply_baseline(report: Report, baseline: Baseline) -> Report:
    """Accept the findings ``baseline`` records; list its unmatched entries.

    Each entry accepts one finding with its fingerprint. Entries of a rule
    that was not checked in this run (``--only``, nothing to look at, a
    deviation) are neither used nor fixed.
    """
    left = Counter(entry.fingerprint for entry in baseline.entries)
    results = tuple(_accept(result, left) for result in report.results)
    ran = {r.rule_id for r in report.results if r.status in CHECKED}
    fixed = []
    for entry in baseline.entries:
        if left[entry.fingerprint] > 0 and entry.rule_id in ran:
            left[entry.fingerprint] -= 1
            fixed.append(entry)
    return replace(report, results=results, fixed=(*report.fixed, *fixed))


def _accept(result: Result, left: Counter[str]) -> Result:
    if result.status is not Status.FAILED:
        return result
    kept, accepted = [], list(result.accepted)
    for finding in result.findings:
        if left[finding.fingerprint] > 0:
            left[finding.fingerprint] -= 1
            accepted.append(Accepted(finding, Acceptance.BASELINED))
        else:
            kept.append(finding)
    return replace(
        result,
        status=Status.FAILED if kept else Status.PASSED,
        findings=tuple(kept),
        accepted=tuple(accepted),
    )
