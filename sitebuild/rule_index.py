"""Pages generated at build time from the sources."""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

from acacia_sop.catalog import Rule

TITLE_LINE = re.compile(r"^# (?P<title>.+?)\s*(\{.*\})?$", re.MULTILINE)


def page_titles(docs_dir: Path, pages: set[str]) -> dict[str, str]:
    """The first-level heading of each page (its path if it has none)."""
    titles = {}
    for page in pages:
        match = TITLE_LINE.search((docs_dir / page).read_text(encoding="utf-8"))
        titles[page] = match["title"] if match else page
    return titles


def render_rule_index(rules: list[Rule], titles: dict[str, str]) -> str:
    """A page listing every rule ID under its page's title, each a deep link."""
    lines = [
        "# Rule index",
        "",
        "Every rule of the SOP with its stable ID. Link to a rule with its page's",
        "address and `#` and its ID, for example",
        "[`sop/03-mongodb/#DB-01`](sop/03-mongodb.md#DB-01); IDs are never reused.",
        "",
    ]
    for page, page_rules in groupby(rules, key=lambda rule: rule.page):
        lines.extend(
            [
                f"## [{titles.get(page, page)}]({page})",
                "",
                "| ID | Rule |",
                "| --- | --- |",
            ]
        )
        lines.extend(
            f"| [{rule.rule_id}]({page}#{rule.rule_id}) | {rule.title} |"
            for rule in page_rules
        )
        lines.append("")
    return "\n".join(lines)
