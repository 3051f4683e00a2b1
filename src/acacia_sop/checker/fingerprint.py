"""A finding's fingerprint: the same while lines move, new when the code changes.

Baselines, SARIF's ``partialFingerprints`` and the JSON report use it. It is
made of the rule ID, the file, the finding's line with its whitespace
collapsed (nothing for a whole-file finding) and how many findings of that
rule on the same text in that file came before it, never the line number.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from acacia_sop.checker.model import Finding


def fingerprint(rule_id: str, file: str, line_text: str, occurrence: int) -> str:
    """A short hex digest of what identifies one finding."""
    key = "\0".join((rule_id, file, " ".join(line_text.split()), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _line_text(root: Path, finding: Finding) -> str:
    if finding.line is None:
        return ""
    try:
        lines = (root / finding.file).read_text("utf-8", "replace").splitlines()
    except OSError:
        return ""
    return lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""


def fingerprints(rule_id: str, findings: Sequence[Finding], root: Path) -> list[str]:
    """The fingerprint of each finding of one rule, in order; files under ``root``."""
    seen: Counter[tuple[str, str]] = Counter()
    result: list[str] = []
    for finding in findings:
        where = (finding.file, " ".join(_line_text(root, finding).split()))
        result.append(fingerprint(rule_id, *where, seen[where]))
        seen[where] += 1
    return result
