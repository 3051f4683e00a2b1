"""Pages generated at build time from the sources."""

from __future__ import annotations

from itertools import groupby

from acacia_sop.rules import Rule


def render_rule_index(rules: list[Rule]) -> str:
    """A page listing every rule ID, grouped by page, each a deep link."""
    lines = [
        "# Rule index",
        "",
        "Every rule of the SOP with its stable ID. Link to a rule with its page",
        "and ID, for example `sop/03-mongodb.md#DB-01`; IDs are never reused.",
        "",
    ]
    for page, page_rules in groupby(rules, key=lambda rule: rule.page):
        lines.extend([f"## [{page}]({page})", "", "| ID | Rule |", "| --- | --- |"])
        lines.extend(
            f"| [{rule.rule_id}]({page}#{rule.rule_id}) | {rule.title} |"
            for rule in page_rules
        )
        lines.append("")
    return "\n".join(lines)
