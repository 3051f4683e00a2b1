"""Adding a rule with its check: three files, and the rule shows everywhere.

In a clone of this commit (tagged as the release before), a new rule DB-99
is written on its SOP page, its check in the rule module of its prefix and
its fixture under ``tests/checker/rule_fixtures/db/``. Those three files are
the whole change; the built site (the rule's page, the rule index, "What
changed") and ``acacia-sop check --format json`` must then all show DB-99
with the title its page gives it. Only the products are read (the built
pages, the command's JSON), not the modules that make them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.checker.expectations import load, overlay, reported
from tests.conftest import ROOT, provide_build_inputs

RULE_ID = "DB-99"
TITLE = "Never drop a database from the service"
PAGE = "docs/sop/03-mongodb.md"
RULE_BLOCK = f"""
!!! rule "{RULE_ID} · {TITLE}"

    Dropping a database is an operator's decision, taken by hand with a
    backup at hand; a service's code never calls `drop_database`.
"""
CHECK = f'''


@check("{RULE_ID}")
def check_no_drop_database(repo: ServiceRepo) -> list[Finding]:
    """{RULE_ID}: no `drop_database` call in the service's code."""
    return [
        Finding(file, number, "drops a database: leave that to an operator")
        for file in repo.application_files
        for number, line in enumerate((repo.text(file) or "").splitlines(), 1)
        if ".drop_database(" in line
    ]
'''
FIXTURE = "tests/checker/rule_fixtures/db/DB-99-a-database-dropped-by-the-service"
FIXTURE_FILE = "app/services/reset.py"
FIXTURE_TEXT = '''"""Start again from nothing."""

from motor.motor_asyncio import AsyncIOMotorClient


async def reset(client: AsyncIOMotorClient) -> None:
    """Drop everything."""
    await client.drop_database("items-dev")  # expect: DB-99
'''


@dataclass(frozen=True)
class NewRule:
    """The clone with the new rule, and the files its change touched."""

    repo: Path
    changed: list[str]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def _rule_module(repo: Path, prefix: str) -> Path:
    """The rule module that registers most checks of ``prefix`` (one per prefix
    once each prefix has its module)."""
    registration = re.compile(rf'@check\(\s*"{prefix}-')
    modules = sorted((repo / "src/acacia_sop/checker/rules").glob("*.py"))
    return max(modules, key=lambda path: len(registration.findall(path.read_text())))


@pytest.fixture(scope="module")
def new_rule(tmp_path_factory: pytest.TempPathFactory) -> NewRule:
    """A clone tagged ``1.0``, then DB-99 added in the working tree."""
    repo = tmp_path_factory.mktemp("adding-a-rule") / "repo"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(repo)], check=True)
    _git(repo, "tag", "1.0")
    page = repo / PAGE
    page.write_text(page.read_text("utf-8") + RULE_BLOCK, "utf-8")
    module = _rule_module(repo, "DB")
    module.write_text(module.read_text("utf-8") + CHECK, "utf-8")
    fixture = repo / FIXTURE / FIXTURE_FILE
    fixture.parent.mkdir(parents=True)
    fixture.write_text(FIXTURE_TEXT, "utf-8")
    status = _git(repo, "status", "--porcelain", "--untracked-files=all")
    return NewRule(repo, sorted(line[3:] for line in status.splitlines()))


def _with_clone_sources(repo: Path) -> dict[str, str]:
    """The environment that imports the clone's package and site machinery."""
    return {
        **os.environ,
        "PYTHONPATH": f"{repo / 'src'}{os.pathsep}{repo}",
        "NO_MKDOCS_2_WARNING": "1",
    }


def _check_json(repo: Path, service: Path) -> dict[str, object]:
    """``acacia-sop check --format json`` run from the clone's own sources."""
    command = ["-m", "acacia_sop.cli", "check", str(service), "--format", "json"]
    result = subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        env=_with_clone_sources(repo),
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_the_change_is_three_files(new_rule: NewRule) -> None:
    module = _rule_module(new_rule.repo, "DB").relative_to(new_rule.repo)
    assert new_rule.changed == sorted(
        [PAGE, module.as_posix(), f"{FIXTURE}/{FIXTURE_FILE}"]
    )


@pytest.mark.slow
def test_the_built_site_shows_the_rule_on_its_page_the_index_and_what_changed(
    new_rule: NewRule, tmp_path: Path
) -> None:
    provide_build_inputs(new_rule.repo)
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=new_rule.repo,
        capture_output=True,
        text=True,
        env=_with_clone_sources(new_rule.repo),
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    page = (site / "sop/03-mongodb/index.html").read_text("utf-8")
    assert f'id="{RULE_ID}"' in page
    assert TITLE in page
    for built in ("rules", "what-changed"):
        html = (site / built / "index.html").read_text("utf-8")
        assert f"#{RULE_ID}" in html, built
        assert TITLE in html, built
    what_changed = (site / "what-changed/index.html").read_text("utf-8")
    assert "Since 1.0: 1 added, 0 changed, 0 withdrawn." in what_changed


def test_check_reports_the_rule_with_its_page_title_and_the_fixture_holds(
    new_rule: NewRule, tmp_path: Path
) -> None:
    fixture = load(new_rule.repo / FIXTURE)
    service = overlay(
        fixture, new_rule.repo / "tests/checker/fixtures/compliant", tmp_path / "svc"
    )
    document = _check_json(new_rule.repo, service)
    results = document["results"]
    assert isinstance(results, list)
    reported_rule = [r for r in results if r["rule_id"] == RULE_ID]
    assert len(reported_rule) == 1, f"{RULE_ID} is not in the checker's output"
    assert (reported_rule[0]["title"], reported_rule[0]["status"]) == (TITLE, "fail")
    assert reported(document) == list(fixture.expected)
