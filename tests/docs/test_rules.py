"""Every rule has one stable ID, and the checklist points at real rules."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from acacia_sop.catalog import RULE_ID_PATTERN, catalog, is_rule_page, rules_in_text
from sitebuild.checklist import render_checklist_page
from tests.conftest import DOCS_DIR

pytestmark = pytest.mark.docs

SECTION_PREFIXES = {
    "sop/01-project-structure.md": "STR",
    "sop/02-code-style.md": "STY",
    "sop/03-mongodb.md": "DB",
    "sop/04-fastapi.md": "API",
    "sop/05-testing.md": "TST",
    "sop/06-security.md": "SEC",
    "sop/07-performance.md": "PERF",
    "sop/08-deployment.md": "DEP",
    "sop/09-documentation.md": "DOC",
    "sop/10-workflow.md": "WF",
    "compliance.md": "CMP",
}
TASK_ITEM = re.compile(r"^\s*- \[[ x]\] (?P<text>.+)$")
RULE_LINK = re.compile(rf"\]\((?P<page>[^)#]*)#(?P<rule_id>{RULE_ID_PATTERN})\)")


def test_rule_syntax_finds_id_and_title() -> None:
    text = '# Page\n\n!!! rule "DB-07 · Use `snake_case` fields"\n\n    Body.\n'
    (rule,) = rules_in_text(text, "sop/03-mongodb.md")
    assert (rule.rule_id, rule.title, rule.line) == (
        "DB-07",
        "Use `snake_case` fields",
        3,
    )


def test_no_two_rules_share_an_id() -> None:
    counts = Counter(
        rule.rule_id
        for path in sorted(DOCS_DIR.rglob("*.md"))
        for rule in rules_in_text(path.read_text("utf-8"), path.name)
    )
    assert counts, "no rules found"
    assert [rule_id for rule_id, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(("page", "prefix"), sorted(SECTION_PREFIXES.items()))
def test_each_section_page_holds_rules_with_its_own_prefix(
    page: str, prefix: str
) -> None:
    rules = rules_in_text((DOCS_DIR / page).read_text("utf-8"), page)
    assert rules, f"{page} has no rules"
    assert {rule.prefix for rule in rules} == {prefix}


def test_rules_live_only_on_section_and_compliance_pages() -> None:
    pages = {path.relative_to(DOCS_DIR).as_posix() for path in DOCS_DIR.rglob("*.md")}
    holding = {
        page for page in pages if rules_in_text((DOCS_DIR / page).read_text(), page)
    }
    assert sorted(holding) == sorted(SECTION_PREFIXES)
    assert [page for page in holding if not is_rule_page(page)] == []


def _checklist_items() -> list[tuple[int, str]]:
    """Task items of the checklist page, generated at build time."""
    text = render_checklist_page()
    return [
        (number, match["text"])
        for number, line in enumerate(text.splitlines(), start=1)
        if (match := TASK_ITEM.match(line))
    ]


def test_checklist_has_items() -> None:
    assert len(_checklist_items()) >= 50


def test_every_checklist_item_links_to_an_existing_rule() -> None:
    rules_by_page: dict[Path, set[str]] = {}
    for rule in catalog().values():
        rules_by_page.setdefault((DOCS_DIR / rule.page).resolve(), set())
        rules_by_page[(DOCS_DIR / rule.page).resolve()].add(rule.rule_id)
    problems: list[str] = []
    for number, text in _checklist_items():
        links = list(RULE_LINK.finditer(text))
        if not links:
            problems.append(f"checklist.md:{number} links to no rule: {text}")
        for link in links:
            target = (DOCS_DIR / Path(link["page"])).resolve()
            if link["rule_id"] not in rules_by_page.get(target, set()):
                problems.append(
                    f"checklist.md:{number}: {link['page']}#{link['rule_id']} "
                    "is not a rule on that page"
                )
    assert problems == []
