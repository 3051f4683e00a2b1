"""Output formats, ``--fail-on``, option order and paths, on a real service.

The SARIF schema beside this file, ``sarif-schema-2.1.0.json``, is the
official one, copied unchanged from github.com/oasis-tcs/sarif-spec
(``sarif-2.1/schema/sarif-schema-2.1.0.json`` at commit e058381).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from acacia_sop.catalog import DEFAULT_SITE_URL, rule
from acacia_sop.checker.command import main
from acacia_sop.checker.github import workflow_command
from bench.eval_checker import CORPUS, extracted_corpus
from tests.checker.expectations import RULE_FIXTURES, load, write_over
from tests.checker.schema_validator import errors
from tests.conftest import IN_CI, ROOT

SARIF_SCHEMA = Path(__file__).resolve().parent / "sarif-schema-2.1.0.json"
REPORT_SCHEMA = ROOT / "integrations" / "check-report.schema.json"
SERVICE = "fastapi-full-stack-fastapi-template"
"""A corpus repository whose service is a subfolder, ``backend/``."""
ANNOTATION = re.compile(
    r"^::(?P<command>error|warning|notice) file=(?P<file>[^,:]+)"
    r"(?:,line=(?P<line>\d+))?(?:,col=\d+)?,title=(?P<rule>[A-Z]+-\d\d)::(?P<text>.+)$"
)


@pytest.fixture(scope="module")
def corpus_repository() -> Iterator[Path]:
    """The corpus service's repository, extracted and tracked by git."""
    if not (CORPUS / f"{SERVICE}.tar.gz").is_file():
        if IN_CI:
            pytest.fail(f"no corpus at {CORPUS}: CI checks the formats on it")
        pytest.skip(f"no corpus at {CORPUS}")
    with extracted_corpus() as services:
        yield services[SERVICE]


@pytest.fixture
def repository(corpus_repository: Path, tmp_path: Path) -> Path:
    """A fresh copy of the corpus repository (its git folder included)."""
    target = tmp_path / "repository"
    shutil.copytree(corpus_repository, target, symlinks=True)
    return target


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().out


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_run([*args, "--format", "json"], capsys)[1])
    return data


def _failed_findings(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        finding
        for result in data["results"]
        if result["status"] == "fail"
        for finding in result["findings"]
    ]


def test_sarif_is_valid_and_locates_findings_in_the_repository(
    corpus_repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(["check", str(corpus_repository), "--format", "sarif"], capsys)
    sarif = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))

    assert code == 1
    assert errors(sarif, schema) == []
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    findings = _failed_findings(_json(["check", str(corpus_repository)], capsys))
    assert results, "the corpus service has findings"
    assert [_place(result) for result in results] == [
        (f["rule"], posixpath.normpath(f"backend/{f['file']}"), f["line"])
        for f in findings
    ]
    for result, finding in zip(results, findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == rule(result["ruleId"]).severity.value
        assert result["partialFingerprints"] == {"acaciaSop/v1": finding["fingerprint"]}
    assert all(r["helpUri"].startswith(f"{DEFAULT_SITE_URL}sop/") for r in rules)


def test_one_run_prints_the_report_and_writes_the_sarif_file(
    corpus_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, report = str(corpus_repository), tmp_path / "sop-check.sarif"
    code, out = _run(["check", path, "--sarif", str(report)], capsys)
    _, sarif = _run(["check", path, "--format", "sarif"], capsys)

    assert code == 1
    assert "✗ FAIL" in out
    assert report.read_text("utf-8") == sarif


def test_a_sarif_file_that_cannot_be_written_is_one_line_and_exit_2(
    corpus_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder" / "sop-check.sarif"
    code = main(["check", str(corpus_repository), "--sarif", str(missing)])
    err = capsys.readouterr().err

    assert code == 2
    assert (
        err == f"acacia-sop: error: cannot write {missing}: No such file or directory\n"
    )


def _place(result: dict[str, Any]) -> tuple[str, str, int | None]:
    """A SARIF result's rule, file relative to the repository, and line."""
    (location,) = result["locations"]
    physical = location["physicalLocation"]
    line = physical.get("region", {}).get("startLine")
    return result["ruleId"], physical["artifactLocation"]["uri"], line


def test_the_sarif_schema_catches_a_bad_log() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    bad = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "fatal"}]}],
    }

    problems = errors(bad, schema)

    assert any("'fatal' is not one of" in problem for problem in problems)
    assert any("'message' is a required property" in problem for problem in problems)


def test_json_findings_carry_rule_severity_fingerprint_and_an_absolute_url(
    corpus_repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _json(["check", str(corpus_repository)], capsys)
    schema = json.loads(REPORT_SCHEMA.read_text("utf-8"))
    findings = _failed_findings(data)

    assert errors(data, schema) == []
    assert findings
    for finding in findings:
        page = rule(finding["rule"]).page.removesuffix(".md")
        assert finding["url"] == f"{DEFAULT_SITE_URL}{page}/#{finding['rule']}"
        assert finding["severity"] == rule(finding["rule"]).severity.value
        assert len(finding["fingerprint"]) == 20


def test_ruff_findings_carry_their_column(
    compliant_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main_module = compliant_copy / "app" / "main.py"
    shout = '\n\ndef shout() -> None:\n    """Shout."""\n    print("x")\n'
    main_module.write_text(main_module.read_text("utf-8") + shout, "utf-8")
    text = main_module.read_text("utf-8")
    line = text.count("\n")

    data = _json(["check", str(compliant_copy), "--only", "PERF-05"], capsys)

    assert [(f["line"], f["column"]) for f in _failed_findings(data)] == [(line, 5)]


def test_github_lines_annotate_each_finding_by_severity(
    corpus_repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(["check", str(corpus_repository), "--format", "github"], capsys)
    findings = _failed_findings(_json(["check", str(corpus_repository)], capsys))
    lines = out.splitlines()
    annotations = [ANNOTATION.match(line) for line in lines if "title=" in line]

    assert code == 1
    assert all(line.startswith("::") for line in lines)
    assert len(annotations) == len(findings) > 0
    assert [
        (m["rule"], m["file"], int(m["line"]) if m["line"] else None)
        for m in annotations
        if m is not None
    ] == [
        (f["rule"], posixpath.normpath(f"backend/{f['file']}"), f["line"])
        for f in findings
    ]
    for match in annotations:
        assert match is not None
        severity = rule(match["rule"]).severity.value
        assert match["command"] == {"note": "notice"}.get(severity, severity)
        assert f"{DEFAULT_SITE_URL}sop/" in match["text"]


def test_workflow_commands_escape_as_github_documents() -> None:
    line = workflow_command(
        "error", "50% done\r\nnext: a, b", {"file": "a,b:c.py", "line": 3}
    )

    assert line == "::error file=a%2Cb%3Ac.py,line=3::50%25 done%0D%0Anext: a, b"
    assert workflow_command("notice", "hello", {}) == "::notice::hello"


def test_a_relative_path_finds_what_the_absolute_path_finds(
    repository: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (repository / "backend" / ".env").write_text("SECRET_KEY=abc\n", "utf-8")
    subprocess.run(
        ["git", "-C", str(repository), "add", "-f", "backend/.env"], check=True
    )
    absolute = _json(["check", str(repository)], capsys)
    monkeypatch.chdir(repository.parent)
    relative = _json(["check", repository.name], capsys)
    monkeypatch.chdir(repository / "backend")
    inside = _json(["check", "."], capsys)

    def findings(data: dict[str, Any]) -> list[tuple[str, str, int | None]]:
        return [(f["rule"], f["file"], f["line"]) for f in _failed_findings(data)]

    assert ("SEC-08", ".env", None) in findings(absolute)
    assert findings(relative) == findings(absolute)
    assert findings(inside) == findings(absolute)
    assert os.path.samefile(relative["path"], repository / "backend")


def test_options_come_before_or_after_the_path(
    corpus_repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(corpus_repository)
    before = _json(
        ["check", "--only", "SEC-08,sty-01", "--only", "DB-01", path], capsys
    )
    after = _json(["check", path, "--only", "SEC-08", "--only", "STY-01,DB-01"], capsys)

    assert before == after
    assert sorted(r["rule_id"] for r in before["results"]) == [
        "DB-01",
        "SEC-08",
        "STY-01",
    ]


def test_fail_on_sets_the_severity_that_fails_the_run(
    compliant_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_over(load(RULE_FIXTURES / "api/API-08-a-verb-in-a-path"), compliant_copy)
    path = str(compliant_copy)
    assert rule("API-08").severity.value == "warning"

    default, out = _run(["check", path, "--only", "API-08"], capsys)
    assert "✗ FAIL   API-08" in out
    assert default == 0
    assert main(["check", path, "--only", "API-08", "--fail-on", "warning"]) == 1
    assert main(["check", path, "--only", "API-08", "--fail-on", "note"]) == 1
    assert main(["check", path, "--fail-on", "error"]) == 0
