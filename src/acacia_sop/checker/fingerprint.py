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
from dataclasses import replace
from pathlib import Path

from acacia_sop.checker.model import Finding


def fingerprint(rule_id: str, file: str, line_text: str, occurrence: int) -> str:
    """A short hex digest of what identifies one finding."""
    key = "\0".join((rule_id, file, " ".join(line_text.split()), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _lines(root: Path, file: str) -> list[str]:
    try:
        return (root / file).read_text("utf-8", "replace").splitlines()
    except OSError:
        return []


def fingerprints(rule_id: str, findings: Sequence[Finding], root: Path) -> list[str]:
    """The fingerprint of each finding of one rule, in order; files under ``root``."""
    files: dict[str, list[str]] = {}
    seen: Counter[tuple[str, str]] = Counter()
    result: list[str] = []
    for finding in findings:
        text = ""
        if finding.line is not None:
            lines = files.get(finding.file)
            if lines is None:
                lines = files[finding.file] = _lines(root, finding.file)
            if 0 < finding.line <= len(lines):
                text = lines[finding.line - 1]
        where = (finding.file, " ".join(text.split()))
        result.append(fingerprint(rule_id, *where, seen[where]))
        seen[where] += 1
    return result


def fingerprinted(
    rule_id: str, findings: Sequence[Finding], root: Path
) -> tuple[Finding, ...]:
    """``findings`` with a fingerprint on each one that has none yet."""
    bare = [finding for finding in findings if not finding.fingerprint]
    prints = iter(fingerprints(rule_id, bare, root))
    return tuple(
        finding if finding.fingerprint else replace(finding, fingerprint=next(prints))
        for finding in findings
    )
