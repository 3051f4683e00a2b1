"""Pages generated at build time from the sources."""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

from acacia_sop.catalog import Rule
from acacia_sop.checker.public import CHECKLIST, all_checks

TITLE_LINE = re.compile(r"^# (?P<title>.+?)\s*(\{.*\})?$", re.MULTILINE)
RULE_INDEX = "rules.md"


class HowChecked(NamedTuple):
    """How ``acacia-sop check`` decides a rule: a short verdict and what it does."""

    verdict: str
    """``automated``, ``by hand`` or ``not checked``."""
    detail: str
    """What the check looks at, or what to verify by hand (may be empty)."""


def how_checked(rule_id: str) -> HowChecked:
    """Whether ``acacia-sop check`` automates a rule, asks for a look, or skips it."""
    check = all_checks().get(rule_id)
    if check is not None:
        tools = "with `--run-tools`: " if check.run is None else ""
        return HowChecked("automated", f"{tools}{check.looks_at}")
    for section in CHECKLIST:
        for item in section.items:
            if rule_id in item.rules:
                return HowChecked("by hand", item.manual)
    return HowChecked("not checked", "")


def page_titles(docs_dir: Path, pages: set[str]) -> dict[str, str]:
    """The first-level heading of each page (its path if it has none)."""
    titles = {}
    for page in pages:
        match = TITLE_LINE.search((docs_dir / page).read_text(encoding="utf-8"))
        titles[page] = match["title"] if match else page
    return titles


def _checked_cell(rule_id: str) -> str:
    verdict, detail = how_checked(rule_id)
    cell = f"**{verdict}**" + (f": {detail}" if detail else "")
    return cell.replace("|", "\\|")


def render_rule_index(rules: list[Rule], titles: dict[str, str]) -> str:
    """A page listing every rule ID under its page's title, each a deep link.

    Each row is anchored at its rule's ID and says how ``acacia-sop check``
    decides the rule, so a rule line links here for it.
    """
    lines = [
        "# Rule index",
        "",
        "Every rule of the SOP with its stable ID. Link to a rule with its page's",
        "address and `#` and its ID, for example",
        "[`sop/03-mongodb/#DB-01`](sop/03-mongodb.md#DB-01); IDs are never reused.",
        "The last column says whether [`acacia-sop check`](check-command.md)",
        "decides the rule (**automated**), lists it for a look (**by hand**),",
        "or leaves it out (**not checked**).",
        "",
    ]
    for page, page_rules in groupby(rules, key=lambda rule: rule.page):
        lines.extend(
            [
                f"## [{titles.get(page, page)}]({page})",
                "",
                "| ID | Rule | `acacia-sop check` |",
                "| --- | --- | --- |",
            ]
        )
        lines.extend(
            f'| <span id="{rule.rule_id}"></span>'
            f"[{rule.rule_id}]({page}#{rule.rule_id}) | {rule.title} "
            f"| {_checked_cell(rule.rule_id)} |"
            for rule in page_rules
        )
        lines.append("")
    return "\n".join(lines)
