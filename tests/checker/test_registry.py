"""The registry, the checklist and the site agree; CI files are valid."""

from __future__ import annotations

import subprocess
import sys

import yaml

from acacia_sop.checker.checklist import items
from acacia_sop.checker.model import Finding
from acacia_sop.checker.registry import CHECKS_BY_ID, all_checks, check, rule_page
from acacia_sop.checker.repo import ServiceRepo
from sitebuild.checklist import (
    render_checklist_page,
    render_compliance_report,
    render_failing_example,
)
from sitebuild.rule_blocks import find_rules
from tests.conftest import DOCS_DIR, ROOT

CI_DIR = ROOT / "integrations"


def test_every_rule_id_the_checker_uses_exists_on_its_page() -> None:
    site = {(rule.rule_id, rule.page) for rule in find_rules(DOCS_DIR)}
    used = {rule_id for item in items() for rule_id in (*item.rules, *item.checks)}
    used |= set(CHECKS_BY_ID)
    assert sorted(r for r in used if (r, rule_page(r)) not in site) == []


def test_rule_ids_of_checks_are_unique() -> None:
    assert len(CHECKS_BY_ID) == len(all_checks())


def test_every_check_is_on_the_checklist_once() -> None:
    listed = [rule_id for item in items() for rule_id in item.checks]
    assert sorted(listed) == sorted(CHECKS_BY_ID)


def test_every_item_is_automated_or_says_what_to_verify() -> None:
    assert [item.text for item in items() if not (item.checks or item.manual)] == []


def test_checklist_page_marks_automated_and_manual_items() -> None:
    page = render_checklist_page()
    assert page.count("- [ ] ") == len(items())
    assert page.count("**Automated** `") == len(all_checks())
    assert "[DB-01](sop/03-mongodb.md#DB-01)" in page


def test_compliance_report_is_a_markdown_table_of_the_reference_service() -> None:
    page = render_compliance_report(ROOT)
    assert "| Status | Rule | Item | Findings |" in page
    assert "[API-05](sop/04-fastapi.md#API-05)" in page


def test_failing_example_is_real_text_output_with_relative_paths() -> None:
    block = render_failing_example(ROOT)
    assert block.startswith("```text\nacacia-sop ")
    assert "tests/checker/fixtures/non_compliant" in block
    assert str(ROOT) not in block
    assert "✗ FAIL   DB-02" in block


def test_cloud_build_step_runs_the_checker() -> None:
    document = yaml.safe_load((CI_DIR / "cloudbuild-step.yaml").read_text("utf-8"))
    (step,) = document["steps"]
    assert step["name"] == "python:3.11-slim"
    assert "acacia-sop check . --run-tools" in step["args"][-1]


def test_pre_commit_hook_runs_the_checker() -> None:
    document = yaml.safe_load((CI_DIR / "pre-commit-config.yaml").read_text("utf-8"))
    (hook,) = document["repos"][0]["hooks"]
    assert hook["entry"] == "acacia-sop check ."
    assert hook["pass_filenames"] is False


def test_the_checker_imports_nothing_of_the_site() -> None:
    code = (
        "import sys, acacia_sop.checker.command, acacia_sop.checker.engine;"
        "print(sorted(m for m in sys.modules if m.startswith(('acacia_sop', 'mkdocs'))"
        " and not m.startswith('acacia_sop.checker')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['acacia_sop']"


def test_a_decorated_function_is_registered_once_with_its_title() -> None:
    @check("ZZ-99", "A test rule", "nothing")
    def static(repo: ServiceRepo) -> list[Finding]:
        return []

    @check("ZZ-99", tool=True)
    def with_tools(repo: ServiceRepo) -> list[Finding]:
        return []

    try:
        registered = CHECKS_BY_ID["ZZ-99"]
        assert (registered.title, registered.looks_at) == ("A test rule", "nothing")
        assert (registered.run, registered.tool) == (static, with_tools)
    finally:
        del CHECKS_BY_ID["ZZ-99"]


def test_an_item_is_automated_exactly_when_a_rule_of_it_has_a_check() -> None:
    for item in items():
        assert item.checks == tuple(r for r in item.rules if r in CHECKS_BY_ID)
