"""Site pages generated from the checker: checklist, compliance, example run."""

from __future__ import annotations

from pathlib import Path

from acacia_sop.checker.public import (
    CHECKLIST,
    Item,
    ServiceRepo,
    all_checks,
    rule_link,
    run_checklist,
    to_markdown,
    to_text,
)
from sitebuild.emoji import as_icons

REFERENCE_SERVICE = "examples/acacia-service"
FAILING_FIXTURE = "tests/checker/fixtures/non_compliant"


def _item_lines(item: Item) -> list[str]:
    links = item.joiner.join(rule_link(rule_id) for rule_id in item.rules)
    lines = [f"- [ ] {item.text} — {links}", ""]
    for rule_id in item.checks:
        check = all_checks()[rule_id]
        how = "with `--run-tools`: " if check.run is None else ""
        lines.append(
            f"    :material-robot: **Automated** `{rule_id}` — {how}{check.looks_at}."
        )
        lines.append("")
    if item.manual:
        lines.extend([f"    :material-account-check: **Manual** — {item.manual}", ""])
    return lines


def render_checklist_page() -> str:
    """The Backend Development Checklist, from :data:`CHECKLIST` and the checks."""
    lines = [
        "---",
        "scripts: [assets/javascripts/checklist.js]",
        "---",
        "",
        "# Backend Development Checklist",
        "",
        "Run this checklist for every new service and every major update",
        f"({rule_link('CMP-04')}): copy it into the pull request and tick each",
        "item. Every item links to the rule it checks; follow the link for the why",
        "and the how. Items marked **Automated** are decided by",
        "[`acacia-sop check`](check-command.md); the others say what to verify",
        "by hand.",
        "This page is generated from the checker's rule registry.",
        "",
    ]
    for section in CHECKLIST:
        lines.extend([f"## {section.title}", ""])
        for item in section.items:
            lines.extend(_item_lines(item))
    lines.extend(
        [
            '!!! note "Compliance"',
            "",
            "    All engineers must follow this SOP. Deviations require explicit",
            "    team lead approval and must be documented. Use this checklist for",
            "    every new service and major updates. See [Compliance](compliance.md).",
            "",
        ]
    )
    return "\n".join(lines)


def render_compliance_report(root: Path) -> str:
    """The reference service's checklist, from a real ``check`` run."""
    report = run_checklist(ServiceRepo(root / REFERENCE_SERVICE))
    return "\n".join(
        [
            "# Reference service compliance",
            "",
            "Generated at build time by running",
            "`acacia-sop check examples/acacia-service --format markdown`",
            "([the checker](check-command.md)) on the reference service. A failing row",
            "is work still to do on the service.",
            "",
            as_icons(to_markdown(report, site_url=None)),
        ]
    )


def render_failing_example(root: Path) -> str:
    """Text output of a real run on a non-compliant fixture, in a fenced block."""
    report = run_checklist(ServiceRepo(root / FAILING_FIXTURE))
    text = to_text(report).replace(f"{root}/", "")
    return "\n".join(["```text", text.rstrip("\n"), "```"])
