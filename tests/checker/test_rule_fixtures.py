"""Each rule fixture makes the checker report exactly what its comments expect.

The fixtures are overlaid on the compliant fixture service, which passes
every rule, so any finding the comments do not expect is one too many, and
every rule without an expected finding must pass (not go unchecked).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.checker.conftest import COMPLIANT
from tests.checker.expectations import (
    CACHE_NAMES,
    RULE_FIXTURES,
    Finding,
    RuleFixture,
    all_fixtures,
    automated_rule_ids,
    check_json,
    load,
    overlay,
    reported_messages,
    statuses,
)
from tests.checker.service_builder import write_service

FIXTURES = all_fixtures()


def _params(run_tools: bool) -> list[object]:
    return [
        pytest.param(fixture, id=fixture.name)
        for fixture in FIXTURES
        if fixture.run_tools is run_tools
    ]


def _assert_reports_what_it_expects(fixture: RuleFixture, tmp_path: Path) -> None:
    service = overlay(fixture, COMPLIANT, tmp_path / "service")
    documents = [check_json(service)]
    if fixture.run_tools:  # ruff and mypy only for the rules it is about
        only = ("--only", ",".join(sorted(fixture.rule_ids)))
        documents.append(check_json(service, "--run-tools", *only))
    found: dict[Finding, list[str]] = {}
    for document in documents:
        for where, messages in reported_messages(document).items():
            found.setdefault(where, []).extend(messages)
    every = [where for where, messages in found.items() for _ in messages]
    assert sorted(every, key=str) == list(fixture.expected)
    unsaid = [
        (where, text)
        for where, text in sorted(fixture.messages)
        if not any(text in message for message in found[where])
    ]
    assert unsaid == [], found
    status = {
        rule: s for document in documents for rule, s in statuses(document).items()
    }
    assert {rule: s for rule, s in status.items() if s != "pass"} == dict.fromkeys(
        sorted(fixture.rule_ids), "fail"
    )


@pytest.mark.parametrize("fixture", _params(run_tools=False))
def test_fixture_reports_exactly_what_it_expects(
    fixture: RuleFixture, tmp_path: Path
) -> None:
    _assert_reports_what_it_expects(fixture, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("fixture", _params(run_tools=True))
def test_tool_fixture_reports_exactly_what_it_expects(
    fixture: RuleFixture, tmp_path: Path
) -> None:
    _assert_reports_what_it_expects(fixture, tmp_path)


def test_every_automated_rule_has_a_fixture_with_a_finding(
    compliant_copy: Path,
) -> None:
    static = check_json(compliant_copy)
    manual = {result["rule_id"] for result in static["results"]} - (
        automated_rule_ids(static)
    )
    with_tools = check_json(compliant_copy, "--run-tools", "--only", ",".join(manual))
    automated = automated_rule_ids(static) | automated_rule_ids(with_tools)
    covered = {rule for fixture in FIXTURES for rule in fixture.rule_ids}
    assert sorted(automated - covered) == []
    assert sorted(covered - automated) == [], "a fixture expects an unknown rule"


def test_a_fixture_is_named_for_its_rule_in_the_folder_of_its_prefix() -> None:
    misnamed = []
    for fixture in FIXTURES:
        prefix, name = fixture.name.split("/")
        rule = re.match(r"[A-Z]+-[0-9]+", name)
        if (
            rule is None
            or rule[0].rpartition("-")[0].lower() != prefix
            or (fixture.expected and rule[0] not in fixture.rule_ids)
        ):
            misnamed.append(fixture.name)
    assert misnamed == []


def test_comments_say_where_findings_are_and_what_the_fixture_does(
    tmp_path: Path,
) -> None:
    folder = write_service(
        tmp_path / "db" / "DB-99-every-mark",
        {
            "app/one.py": """
                # fixture: run-tools
                URI = "x"  # expect: DB-99 "says, with a comma", SEC-99
                # expect-next: DB-98
                A = 1
                B = 2  # expect-previous: DB-97
                # expect-file: DB-96
                """,
            "README.md": "# Title\n<!-- expect: DOC-99 -->\n",
            "gone.yaml": "# fixture: deleted\n# expect-file: DEP-99\n",
            ".ruff_cache/x.py": "# expect: DB-95\n",
        },
    )
    fixture = load(folder)
    assert fixture.name == "db/DB-99-every-mark"
    assert fixture.files == ("README.md", "app/one.py")
    assert fixture.deleted == {"gone.yaml"}
    assert fixture.run_tools
    assert fixture.messages == {(("DB-99", "app/one.py", 2), "says, with a comma")}
    assert list(fixture.expected) == sorted(
        [
            ("DB-99", "app/one.py", 2),
            ("SEC-99", "app/one.py", 2),
            ("DB-98", "app/one.py", 4),
            ("DB-97", "app/one.py", 4),
            ("DB-96", "app/one.py", None),
            ("DOC-99", "README.md", 2),
            ("DEP-99", "gone.yaml", None),
        ],
        key=str,
    )


def test_no_fixture_file_is_left_out_of_git_by_an_ignore_rule() -> None:
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "-z", "."],
        cwd=RULE_FIXTURES,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ignored = [
        path
        for path in listed.split("\0")
        if path and not any(part.endswith(CACHE_NAMES) for part in path.split("/"))
    ]
    assert ignored == [], "force-add them: git add -f"
