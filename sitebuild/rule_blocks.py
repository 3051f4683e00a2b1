"""Find the SOP's rules in the Markdown sources.

A rule is written as an admonition whose title starts with its ID::

    !!! rule "DB-01 · Route every database connection through `app/core/database.py`"

        Optional body, indented four spaces.

The build hook turns each one into an anchored block (`#DB-01`); the tests and
the rule index read the same syntax through this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

RULE_ID_PATTERN = r"[A-Z]{2,4}-\d{2}"
RULE_LINE = re.compile(
    rf"^(?P<indent> *)(?P<marker>!!!|\?\?\?\+?) rule "
    rf'"(?P<rule_id>{RULE_ID_PATTERN}) · (?P<title>.+)"\s*$'
)
FENCE = re.compile(r"^ *(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
HEADING = re.compile(r"^(?P<hashes>#{1,6}) ")


def _unfenced(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(index, line) of every line outside fenced code blocks."""
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
        elif open_fence is None:
            yield index, line


def _rule_lines(lines: list[str]) -> list[tuple[int, re.Match[str]]]:
    """(index, match) of every rule line outside fenced code blocks."""
    return [
        (index, match)
        for index, line in _unfenced(lines)
        if (match := RULE_LINE.match(line))
    ]


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


def _heading_levels(lines: list[str]) -> list[int]:
    """For each line, the level of the last Markdown heading above it (1 if none)."""
    headings = {
        index: len(heading["hashes"])
        for index, line in _unfenced(lines)
        if (heading := HEADING.match(line))
    }
    levels, level = [], 1
    for index in range(len(lines)):
        level = headings.get(index, level)
        levels.append(level)
    return levels


def render_rule_blocks(markdown: str) -> str:
    """Turn each rule's title into a heading anchored at its ID.

    The heading (one level below the section it sits in) puts the rule in the
    page's table of contents and makes it a search result that links to
    ``#ID``; its ID badge links to itself. A collapsible rule (``???``) keeps
    its title, with the anchor on the badge.
    """
    lines = markdown.split("\n")
    levels = _heading_levels(lines)
    for index, match in reversed(_rule_lines(lines)):
        rule_id, indent = match["rule_id"], match["indent"]
        badge = (
            f'<a class="rule-id" href="#{rule_id}" '
            f'title="Link to rule {rule_id}">{rule_id}</a>'
        )
        if match["marker"] != "!!!":
            anchored = badge.replace("<a ", f'<a id="{rule_id}" ', 1)
            lines[index] = (
                f'{indent}{match["marker"]} rule "{anchored} {match["title"]}"'
            )
            continue
        hashes = "#" * min(levels[index] + 1, 6)
        lines[index : index + 1] = [
            f'{indent}!!! rule ""',
            "",
            f"{indent}    {hashes} {badge} {match['title']} "
            f"{{: #{rule_id} .rule-title }}",
        ]
    return "\n".join(lines)
