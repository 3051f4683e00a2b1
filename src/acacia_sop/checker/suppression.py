"""``# sop: ignore[SEC-08] reason`` comments: a finding accepted on its line.

A comment names one rule ID or a list (``[SEC-08, PERF-05]``) and says why;
it accepts the findings of those rules on its own line, whichever check
(the checker's own or ruff) made them. A comment without a reason, one that
names no rule of the SOP, or one that accepts nothing is itself a finding.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from acacia_sop.catalog import catalog
from acacia_sop.checker.model import Finding

MARKER = "sop:"
COMMENT = re.compile(
    r"#\s*sop:\s*ignore\[(?P<ids>[^\]]*)\](?P<reason>[^#]*)", re.IGNORECASE
)
REASON_LEAD = " \t:-\u2013\u2014"  # a colon or dash before the reason


@dataclass(frozen=True)
class Suppression:
    """One ``# sop: ignore[...]`` comment: where it is, what it names and why."""

    file: str
    line: int
    rule_ids: tuple[str, ...]
    reason: str

    @property
    def comment(self) -> str:
        """The comment as written, normalised: ``# sop: ignore[SEC-08]``."""
        return f"`# sop: ignore[{', '.join(self.rule_ids)}]`"


def _comments(file: str, text: str) -> Iterator[tuple[int, str]]:
    """``(line, text)`` of each comment: Python's comment tokens (a string that
    holds ``# sop:`` is not one), every line of other files."""
    lines: Iterable[tuple[int, str]] = enumerate(text.splitlines(), 1)
    if file.endswith(".py"):
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
        except (tokenize.TokenError, SyntaxError):
            yield from lines  # the checks report the file; read it as text
            return
        lines = ((t.start[0], t.string) for t in tokens if t.type == tokenize.COMMENT)
    yield from lines


def in_text(file: str, text: str) -> list[Suppression]:
    """Every suppression comment of one file's text."""
    if MARKER not in text:
        return []
    found = []
    for number, line in _comments(file, text):
        for match in COMMENT.finditer(line):
            ids = tuple(
                part.strip().upper() for part in match["ids"].split(",") if part.strip()
            )
            reason = match["reason"].strip().lstrip(REASON_LEAD).strip()
            found.append(Suppression(file, number, ids, reason))
    return found


def problems(
    suppressions: Iterable[Suppression],
    used: set[tuple[Suppression, str]],
    ran: set[str],
) -> list[Finding]:
    """Findings about the comments themselves: no reason, no such rule, unused.

    ``used`` holds each (comment, rule ID) that accepted a finding; ``ran``
    the rules that were checked (a comment for a rule not run is not unused).
    """
    found = []
    for suppression in suppressions:
        where = (suppression.file, suppression.line)
        if not suppression.rule_ids:
            found.append(Finding(*where, "`# sop: ignore[]` names no rule: name one"))
            continue
        if not suppression.reason:
            found.append(
                Finding(
                    *where,
                    f"{suppression.comment} gives no reason: say why the finding "
                    "is accepted after the brackets",
                )
            )
        for rule_id in suppression.rule_ids:
            if rule_id not in catalog():
                found.append(Finding(*where, f"{rule_id} is not a rule of the SOP"))
            elif rule_id in ran and (suppression, rule_id) not in used:
                found.append(
                    Finding(
                        *where,
                        f"{suppression.comment}: no {rule_id} finding on this line; "
                        "remove the suppression",
                    )
                )
    return found
