"""Render the SOP's rule boxes: an anchored heading, the why, the severity.

The rules are found by :func:`acacia_sop.catalog.rules_in_text`, the parser
the checker reads them with; this module only rewrites their Markdown before
the site's Markdown runs.
"""

from __future__ import annotations

import posixpath

from acacia_sop.catalog import Rule, rules_in_text
from acacia_sop.markdown import parse
from sitebuild.rule_index import RULE_INDEX, how_checked

MAX_HEADING_LEVEL = 6
VERDICTS = {
    "automated": "Automated by `acacia-sop check`",
    "by hand": "Checked by hand",
    "not checked": "Not checked by `acacia-sop check`",
}


def _heading_levels(markdown: str, line_count: int) -> list[int]:
    """For each line, the level of the last Markdown heading above it (1 if none)."""
    headings = {
        token.map[0]: len(token.markup)
        for token in parse(markdown)
        if token.type == "heading_open" and token.map and token.markup.startswith("#")
    }
    levels, level = [], 1
    for index in range(line_count):
        level = headings.get(index, level)
        levels.append(level)
    return levels


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" "))]


def _marked_paragraphs(lines: list[str], rule: Rule) -> None:
    """Class the why and severity paragraphs (attribute lists after them)."""
    body = _indent(lines[rule.line - 1]) + "    "
    severity = f".rule-severity .rule-severity-{rule.severity}"
    marks = [
        (
            rule.why_end,
            "{: .rule-why .rule-why-ours }" if rule.why_is_ours else "{: .rule-why }",
        ),
        (rule.severity_end, f"{{: {severity} }}"),
    ]
    for end, attributes in sorted(marks, reverse=True):
        if end:
            lines.insert(end, body + attributes)


def _check_line(rule: Rule, page: str) -> str:
    """A link to the rule's row of the rule index, saying how it is checked."""
    index = posixpath.relpath(RULE_INDEX, posixpath.dirname(page) or ".")
    verdict = VERDICTS[how_checked(rule.rule_id).verdict]
    return f'[{verdict}]({index}#{rule.rule_id} "How {rule.rule_id} is checked")'


def _title_lines(line: str, rule: Rule, level: int, page: str) -> list[str]:
    """The box's opening line(s): its title as an anchored heading.

    A box with only its title (and severity) is a compact rule line: the
    heading and a link saying how the rule is checked.
    """
    indent, marker = _indent(line), line.lstrip(" ").split(" ", 1)[0]
    badge = (
        f'<a class="rule-id" href="#{rule.rule_id}" '
        f'title="Link to rule {rule.rule_id}">{rule.rule_id}</a>'
    )
    if marker != "!!!":  # a collapsible box keeps its title, anchored on the badge
        anchored = badge.replace("<a ", f'<a id="{rule.rule_id}" ', 1)
        return [f'{indent}{marker} rule "{anchored} {rule.title}"']
    hashes = "#" * min(level + 1, MAX_HEADING_LEVEL)
    heading = f"{hashes} {badge} {rule.title} {{: #{rule.rule_id} .rule-title }}"
    if not rule.title_only:
        return [f'{indent}!!! rule ""', "", f"{indent}    {heading}"]
    return [
        f'{indent}!!! rule rule-line ""',
        "",
        f"{indent}    {heading}",
        "",
        f"{indent}    {_check_line(rule, page)}",
        f"{indent}    {{: .rule-check }}",
    ]


def render_rule_blocks(markdown: str, page: str = "") -> str:
    """Turn each rule's title into a heading anchored at its ID.

    The heading (one level below the section it sits in) puts the rule in the
    page's table of contents and makes it a search result that links to
    ``#ID``; its ID badge links to itself. A collapsible rule (``???``) keeps
    its title, with the anchor on the badge. The why and the severity get
    their classes (``rule-why``, ``rule-why-ours`` when it is our reading,
    ``rule-severity``), styled by the site. A rule with only its title is a
    compact rule line (``rule-line``) linked to its row of the rule index,
    which says how ``acacia-sop check`` decides it; ``page`` is the page's
    path in the docs, for that link.
    """
    lines = markdown.split("\n")
    levels = _heading_levels(markdown, len(lines))
    for rule in reversed(rules_in_text(markdown, "")):
        _marked_paragraphs(lines, rule)
        index = rule.line - 1
        lines[index : index + 1] = _title_lines(lines[index], rule, levels[index], page)
    return "\n".join(lines)
