"""Find the SOP's rules in the Markdown sources.

A rule is written as an admonition whose title starts with its ID::

    !!! rule "DB-01 · Route every database connection through `app/core/database.py`"

        Optional body, indented four spaces.

The build hook turns each one into an anchored block (`#DB-01`); the tests and
the rule index read the same syntax through this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

RULE_ID_PATTERN = r"[A-Z]{2,4}-\d{2}"
RULE_LINE = re.compile(
    rf"^(?P<indent> *)(?P<marker>!!!|\?\?\?\+?) rule "
    rf'"(?P<rule_id>{RULE_ID_PATTERN}) · (?P<title>.+)"\s*$'
)
FENCE = re.compile(r"^ *(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def _rule_lines(lines: list[str]) -> list[tuple[int, re.Match[str]]]:
    """(index, match) of every rule line outside fenced code blocks."""
    found: list[tuple[int, re.Match[str]]] = []
    open_fence: str | None = None
    for index, line in enumerate(lines):
        fence = FENCE.match(line)
        if fence and open_fence is None:
            open_fence = fence["fence"]
        elif (
            fence
            and fence["fence"].startswith(open_fence or "\0")
            and not fence["info"].strip()
        ):
            open_fence = None
        elif open_fence is None and (match := RULE_LINE.match(line)):
            found.append((index, match))
    return found


@dataclass(frozen=True)
class Rule:
    """One SOP rule: its stable ID, one-line statement and where it is written."""

    rule_id: str
    title: str
    page: str
    line: int

    @property
    def prefix(self) -> str:
        """The area prefix of the ID, for example ``DB`` for ``DB-03``."""
        return self.rule_id.split("-", 1)[0]


def rules_in_text(text: str, page: str) -> list[Rule]:
    """Return the rules written in one page's Markdown, in page order."""
    return [
        Rule(match["rule_id"], match["title"].strip(), page, index + 1)
        for index, match in _rule_lines(text.splitlines())
    ]


def find_rules(docs_dir: Path) -> list[Rule]:
    """Return every rule under ``docs_dir``, pages in sorted order."""
    found: list[Rule] = []
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        found.extend(rules_in_text(path.read_text(encoding="utf-8"), page))
    return found


def render_rule_blocks(markdown: str) -> str:
    """Give each rule admonition's ID an anchor that links to itself.

    The anchor sits in the admonition's title, so a rule keeps working inside
    tabs, lists and other admonitions.
    """
    lines = markdown.split("\n")
    for index, match in _rule_lines(lines):
        rule_id = match["rule_id"]
        anchor = (
            f'<a class="rule-id" id="{rule_id}" href="#{rule_id}" '
            f'title="Link to rule {rule_id}">{rule_id}</a>'
        )
        lines[index] = (
            f'{match["indent"]}{match["marker"]} rule "{anchor} {match["title"]}"'
        )
    return "\n".join(lines)
