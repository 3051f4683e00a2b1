"""The registry, the checklist and the site agree; CI files are valid."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from acacia_sop.catalog import catalog, rule, rule_page
from acacia_sop.checker.checklist import items
from acacia_sop.checker.checks import all_checks, rule_modules
from acacia_sop.checker.engine import run_checklist
from acacia_sop.checker.model import Finding, Status
from acacia_sop.checker.registry import CHECKS_BY_ID, check
from acacia_sop.checker.repo import ServiceRepo
from sitebuild.checklist import (
    render_checklist_page,
    render_compliance_report,
    render_failing_example,
)
from tests.checker.conftest import COMPLIANT
from tests.conftest import ROOT
from tests.service_pipeline import PIPELINES, SERVICE, script, step


def test_every_rule_id_the_checker_uses_exists_on_a_page() -> None:
    used = {rule_id for item in items() for rule_id in (*item.rules, *item.checks)}
    used |= set(all_checks())
    assert sorted(used - set(catalog())) == []


def test_a_rule_s_page_is_the_one_that_writes_it() -> None:
    assert rule_page("DB-03") == "sop/03-mongodb.md"
    assert rule_page("CMP-04") == "compliance.md"


def test_each_check_lives_in_the_rule_module_of_its_prefix() -> None:
    modules = {
        rule_id: check.run or check.tool for rule_id, check in all_checks().items()
    }
    misplaced = {
        rule_id: function.__module__
        for rule_id, function in modules.items()
        if function is None
        or function.__module__
        != f"acacia_sop.checker.rules.{rule(rule_id).prefix.lower()}"
    }
    assert misplaced == {}


def test_every_rule_module_is_a_prefix_of_the_sop() -> None:
    prefixes = {rule.prefix.lower() for rule in catalog().values()}
    names = [name.rpartition(".")[2] for name in rule_modules()]
    assert [name for name in names if name not in prefixes] == []


def test_the_registry_imports_no_rule_module() -> None:
    code = (
        "import sys, acacia_sop.checker.registry;"
        "print([m for m in sys.modules if m.startswith('acacia_sop.checker.rules')])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_check_is_on_the_checklist_twice() -> None:
    listed = [rule_id for item in items() for rule_id in item.checks]
    assert len(listed) == len(set(listed))


def test_a_check_of_a_rule_off_the_checklist_runs_under_its_own_id() -> None:
    off_checklist = "DB-09"
    assert off_checklist not in {rule for item in items() for rule in item.rules}

    @check(off_checklist, looks_at="every field name")
    def camel_case_field(repo: ServiceRepo) -> list[Finding]:
        return [Finding("app/schemas/item.py", 3, "use snake_case: itemName")]

    try:
        report = run_checklist(ServiceRepo(COMPLIANT))
        only = run_checklist(ServiceRepo(COMPLIANT), only={off_checklist})
    finally:
        del CHECKS_BY_ID[off_checklist]
    (last, *_) = reversed(report.results)
    assert (last.rule_id, last.title, last.status) == (
        off_checklist,
        rule(off_checklist).title,
        Status.FAILED,
    )
    assert [r.rule_id for r in only.results] == [off_checklist]


def test_every_item_is_automated_or_says_what_to_verify() -> None:
    assert [item.text for item in items() if not (item.checks or item.manual)] == []


def test_checklist_page_marks_automated_and_manual_items() -> None:
    page = render_checklist_page()
    assert page.count("- [ ] ") == len(items())
    assert page.count("**Automated** `") == sum(len(item.checks) for item in items())
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
    check = step(PIPELINES[0], "sop-check")
    assert check["name"] == "python:3.11-slim"
    assert "acacia-sop check . --run-tools" in script(check)


def test_pre_commit_hook_runs_the_checker() -> None:
    config = SERVICE / ".pre-commit-config.yaml"
    hook = yaml.safe_load(config.read_text("utf-8"))["repos"][0]["hooks"][0]
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
    assert result.stdout.strip() == (
        "['acacia_sop', 'acacia_sop.catalog', 'acacia_sop.markdown',"
        " 'acacia_sop.release_tags']"
    )


def test_a_check_takes_its_rule_from_the_page_and_has_two_parts() -> None:
    unchecked = "CMP-01"
    assert unchecked not in all_checks()

    @check(unchecked, looks_at="nothing")
    def static(repo: ServiceRepo) -> list[Finding]:
        return []

    @check(unchecked, tool=True)
    def with_tools(repo: ServiceRepo) -> list[Finding]:
        return []

    try:
        registered = CHECKS_BY_ID[unchecked]
        assert (registered.rule, registered.looks_at) == (rule(unchecked), "nothing")
        assert (registered.run, registered.tool) == (static, with_tools)
    finally:
        del CHECKS_BY_ID[unchecked]


def test_a_check_of_a_rule_no_page_writes_fails_when_it_loads() -> None:
    with pytest.raises(KeyError, match="ZZ-99 is not a rule of the SOP's pages"):
        check("ZZ-99")


def test_an_item_is_automated_exactly_when_a_rule_of_it_has_a_check() -> None:
    for item in items():
        assert item.checks == tuple(r for r in item.rules if r in all_checks())
