"""The command line: exit codes, one-line errors, --only and the formats."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from acacia_sop.catalog import DEFAULT_SITE_URL
from acacia_sop.checker.command import main
from tests.checker.conftest import COMPLIANT
from tests.checker.expectations import RULE_FIXTURES, load, write_over
from tests.checker.schema_validator import errors
from tests.conftest import ROOT

SCHEMA_FILE = ROOT / "integrations" / "check-report.schema.json"
REFERENCE = ROOT / "examples" / "acacia-service"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_compliant_service_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["check", str(COMPLIANT)], capsys)
    assert code == 0
    assert "✓ PASS   STR-01" in out
    assert out.splitlines()[-1].endswith(
        "38 passed, 0 failed, 0 not checked, 42 manual"
    )


def test_failing_rule_exits_1_with_file_and_line(
    compliant_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (compliant_copy / "Dockerfile").write_text("FROM python:3.12\n", "utf-8")
    code, out, _ = _run(["check", str(compliant_copy)], capsys)
    assert code == 1
    assert "✗ FAIL   DEP-11" in out
    assert "Dockerfile:1: base image: use FROM python:3.11-slim" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "/no/such/dir"], "no such directory: /no/such/dir"),
        (["check", str(ROOT / "docs")], "no FastAPI application found under"),
        (["check", "/" + "x" * 5000], "cannot read /xxx"),
        (["check", str(COMPLIANT / "README.md")], "is a file, not a directory: "),
        (["check", str(COMPLIANT), "--only", "XYZ-99"], "unknown rule ID: XYZ-99"),
        (["check", str(COMPLIANT), "--format", "yaml"], "invalid choice: 'yaml'"),
        (["check", str(COMPLIANT), "--fail-on", "fatal"], "invalid choice: 'fatal'"),
        (["check", str(COMPLIANT), "--only", " , "], "--only needs a rule ID"),
        (["lint"], "invalid choice: 'lint'"),
        ([], "the following arguments are required"),
    ],
)
def test_bad_usage_exits_2_with_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(args, capsys)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert err.startswith("acacia-sop: error: ")
    assert message in err


def test_an_unreadable_directory_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # CI runs as root, whom permissions do not stop: make the OS refuse instead.
    locked = tmp_path / "locked"
    locked.mkdir()
    real_stat = Path.stat

    def refuse(path: Path, *args: object, **kwargs: object) -> os.stat_result:
        if path == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", refuse)
    code, out, err = _run(["check", str(locked)], capsys)
    assert (code, out) == (2, "")
    assert err == f"acacia-sop: error: cannot read {locked}: Permission denied\n"


def test_only_keeps_the_named_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        [
            "check",
            str(COMPLIANT),
            "--only",
            "db-01",
            "--only",
            "DOC-04",
            "--format",
            "json",
        ],
        capsys,
    )
    data = json.loads(out)
    assert code == 0
    assert [(r["rule_id"], r["status"]) for r in data["results"]] == [
        ("DB-01", "pass"),
        ("DOC-04", "manual"),
    ]


def _only_rows(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[object]:
    _, out, _ = _run([*args, "--format", "json"], capsys)
    return [
        (r["rule_id"], r["status"], len(r["findings"]))
        for r in json.loads(out)["results"]
    ]


def test_only_reports_an_item_under_any_rule_it_links(
    compliant_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    compliant = ["check", str(compliant_copy), "--only"]
    assert _only_rows([*compliant, "STY-03,TST-29", "--only", "DB-06"], capsys) == [
        ("STY-03", "pass", 0),
        ("DB-06", "manual", 0),
        ("TST-29", "pass", 0),
    ]
    write_over(load(RULE_FIXTURES / "str/STR-04-no-ruff-configuration"), compliant_copy)
    code, out, _ = _run([*compliant, "STY-03"], capsys)
    assert code == 1
    assert "✗ FAIL   STY-03   Use ruff for consistent formatting and linting" in out


def test_json_output_matches_the_schema(
    compliant_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    (compliant_copy / "README.md").unlink()
    code, out, _ = _run(["check", str(compliant_copy), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 1
    assert errors(data, schema) == []
    assert data["summary"] == {
        "passed": 36,
        "failed": 2,
        "not_checked": 0,
        "manual": 42,
        "deviation": 0,
    }
    readme = next(r for r in data["results"] if r["rule_id"] == "DOC-01")
    (finding,) = readme["findings"]
    assert finding == {
        "rule": "DOC-01",
        "file": "README.md",
        "line": None,
        "column": None,
        "severity": "error",
        "message": "missing: add a README with set-up steps",
        "fingerprint": finding["fingerprint"],
        "url": f"{DEFAULT_SITE_URL}sop/09-documentation/#DOC-01",
    }


def test_schema_validator_catches_a_bad_document() -> None:
    schema = json.loads(Path(SCHEMA_FILE).read_text("utf-8"))
    bad = {
        "tool": "other",
        "version": "1",
        "path": ".",
        "summary": {},
        "results": [{"rule_id": "x", "status": "ok"}],
    }
    problems = errors(bad, schema)
    assert "$.tool: 'acacia-sop' was expected" in problems
    assert "$.summary: 'passed' is a required property" in problems
    assert "$: 'notes' is a required property" in problems
    status = "$.results[0].status: 'ok' is not one of"
    assert any(problem.startswith(status) for problem in problems)


def test_markdown_is_a_table_with_linked_rule_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(["check", str(COMPLIANT), "--format", "markdown"], capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[:2] == [
        "| Status | Rule | Item | Findings |",
        "| --- | --- | --- | --- |",
    ]
    rows = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 38 + 42
    assert all(row.count(" | ") == 3 for row in rows)
    assert f"[DB-01]({DEFAULT_SITE_URL}sop/03-mongodb/#DB-01)" in out


def test_the_installed_command_runs() -> None:
    command = Path(sys.executable).parent / "acacia-sop"
    result = subprocess.run(
        [str(command), "check", str(COMPLIANT), "--only", "API-05"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "✓ PASS   API-05" in result.stdout


def test_reference_service_passes_every_automated_item() -> None:
    """The reference service follows the SOP to the letter (``make check-service``)."""
    result = subprocess.run(
        [sys.executable, "-m", "acacia_sop.checker.command", "check", str(REFERENCE)],
        capture_output=True,
        text=True,
        check=False,
    )
    failing = [line for line in result.stdout.splitlines() if "FAIL" in line]
    assert result.returncode == 0, "\n".join(failing)
