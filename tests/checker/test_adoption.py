"""Adopting the checker on a legacy service: baseline, suppressions, deviations,
excludes and the ``[tool.acacia-sop]`` table, on a copy of a real service."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from acacia_sop.checker.baseline import Baseline, apply_baseline
from acacia_sop.checker.command import main
from acacia_sop.checker.config import DEFAULT_SITE_URL, Deviation, load_config
from acacia_sop.checker.engine import Report
from acacia_sop.checker.model import (
    Acceptance,
    Accepted,
    BaselineEntry,
    Finding,
    Result,
    Status,
)
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.report import to_text
from acacia_sop.checker.suppression import in_text
from bench.eval_checker import CORPUS, _track_every_file
from tests.checker.schema_validator import errors
from tests.conftest import IN_CI, ROOT

ARCHIVE = CORPUS / "mongodb-labs-full-stack-fastapi-mongodb.tar.gz"
SERVICE = "{{cookiecutter.project_slug}}/backend/app"
SOCKETS = "app/api/sockets.py"
UNTYPED = "async def send_response(*, websocket: WebSocket, response: dict):"
SCHEMA = json.loads((ROOT / "integrations/check-report.schema.json").read_text())
ONLY = ["--only", "STY-01,STR-01,PERF-05"]
ADOPT = ROOT / "commands" / "adopt_the_checker.sh"
SAMPLE = ROOT / "integrations" / "adoption-pyproject.toml"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus's MongoDB service, extracted once and tracked by git."""
    if not ARCHIVE.is_file():
        if IN_CI:
            pytest.fail(f"the corpus is missing in CI: {ARCHIVE}")
        pytest.skip(f"no corpus at {CORPUS}")
    target = tmp_path_factory.mktemp("corpus") / "service"
    target.mkdir()
    with tarfile.open(ARCHIVE) as tar:
        tar.extractall(target, filter="data")
    _track_every_file(target)
    return target


@pytest.fixture
def service(extracted: Path, tmp_path: Path) -> Path:
    """A fresh copy of the real service's folder (its pyproject.toml is there)."""
    target = tmp_path / "service"
    shutil.copytree(extracted / SERVICE, target)
    return target


def _check(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, Any], str]:
    code = main(["check", *args, "--format", "json"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert errors(report, SCHEMA) == []
    return code, report, captured.err


def _result(report: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(r for r in report["results"] if r["rule_id"] == rule_id)


def _configure(service: Path, toml: str) -> None:
    pyproject = service / "pyproject.toml"
    pyproject.write_text(pyproject.read_text("utf-8") + "\n" + toml, "utf-8")


def _edit(service: Path, file: str, old: str, new: str) -> None:
    path = service / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_baseline_survives_a_line_shift_and_catches_one_new_finding(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = service / ".sop-baseline.json"
    code, report, err = _check(
        [str(service), *ONLY, "--write-baseline", str(baseline)], capsys
    )
    recorded = json.loads(baseline.read_text("utf-8"))["findings"]
    assert code == 0
    assert f"wrote {len(recorded)} findings" in err
    assert {entry["rule"] for entry in recorded} == {"STY-01", "STR-01", "PERF-05"}
    assert report["summary"]["failed"] == 0

    _edit(service, SOCKETS, "from __future__", "# moved\n\n\nfrom __future__")
    _configure(service, '[tool.acacia-sop]\nbaseline = ".sop-baseline.json"\n')
    code, report, _ = _check([str(service), *ONLY], capsys)
    assert code == 0, _result(report, "STY-01")["findings"]
    assert report["fixed"] == []

    _edit(service, SOCKETS, UNTYPED, f"def ping(x):\n    return x\n\n\n{UNTYPED}")
    code, report, _ = _check([str(service), *ONLY], capsys)
    new = _result(report, "STY-01")["findings"]
    assert code == 1
    assert {(f["file"], f["line"]) for f in new} == {(SOCKETS, 10)}
    assert len(new) == 2  # the argument and the return of the one new function


def test_a_fixed_baseline_entry_is_reported_to_be_removed(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = service / "baseline.json"
    _check([str(service), *ONLY, "--write-baseline", str(baseline)], capsys)
    _edit(service, SOCKETS, UNTYPED, UNTYPED.replace("):", ") -> bool:"))
    code, report, _ = _check([str(service), *ONLY, "--baseline", str(baseline)], capsys)
    assert code == 0
    assert [(f["rule_id"], f["file"]) for f in report["fixed"]] == [("STY-01", SOCKETS)]
    text_code = main(["check", str(service), *ONLY, "--baseline", str(baseline)])
    out = capsys.readouterr().out
    assert text_code == 0
    assert f"fixed: STY-01 {SOCKETS}: Missing return type annotation" in out


def test_a_suppression_with_a_reason_accepts_the_finding(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(service, SOCKETS, UNTYPED, f"{UNTYPED}  # sop: ignore[STY-01] legacy API")
    _, report, _ = _check([str(service), *ONLY], capsys)
    sty = _result(report, "STY-01")
    assert SOCKETS not in {f["file"] for f in sty["findings"]}
    assert [(a["file"], a["how"], a["reason"]) for a in sty["accepted"]] == [
        (SOCKETS, "suppressed", "legacy API")
    ]
    assert all(r["rule_id"] != "CMP-03" for r in report["results"])


def test_a_suppression_without_a_reason_or_that_accepts_nothing_is_a_finding(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(service, SOCKETS, UNTYPED, f"{UNTYPED}  # sop: ignore[STY-01, PERF-05]")
    _edit(
        service,
        SOCKETS,
        "from fastapi import WebSocket",
        "from fastapi import WebSocket  # sop: ignore[STY-01] it was typed once",
    )
    code, report, _ = _check([str(service), *ONLY], capsys)
    meta = _result(report, "CMP-03")
    assert code == 1
    assert meta["status"] == "fail"
    assert [
        (f["line"], f["message"].split(":")[-1].strip()) for f in meta["findings"]
    ] == [
        (2, "no STY-01 finding on this line; remove the suppression"),
        (7, "say why the finding is accepted after the brackets"),
        (7, "no PERF-05 finding on this line; remove the suppression"),
    ]
    accepted = _result(report, "STY-01")["accepted"]
    assert {(a["file"], a["line"]) for a in accepted} == {(SOCKETS, 7)}


def test_noqa_keeps_working_for_the_rules_ruff_decides(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(service, SOCKETS, UNTYPED, f"{UNTYPED}  # noqa: ANN001, ANN201")
    _, report, _ = _check([str(service), *ONLY], capsys)
    assert SOCKETS not in {f["file"] for f in _result(report, "STY-01")["findings"]}


@pytest.mark.parametrize(
    ("expires", "status"), [("2999-12-31", "deviation"), ("2001-01-01", "fail")]
)
def test_a_deviation_shows_as_one_until_it_expires(
    service: Path, capsys: pytest.CaptureFixture[str], expires: str, status: str
) -> None:
    _configure(
        service,
        "[tool.acacia-sop.deviations]\n"
        f'"STR-01" = {{ reason = "cookiecutter layout", expires = "{expires}" }}\n',
    )
    code, report, _ = _check([str(service), "--only", "STR-01"], capsys)
    result = _result(report, "STR-01")
    assert result["status"] == status
    assert result["deviation"] == {"reason": "cookiecutter layout", "expires": expires}
    if status == "deviation":
        assert code == 0
        assert report["summary"]["deviation"] == 1
        assert result["findings"] == []
        assert {a["how"] for a in result["accepted"]} == {"deviated"}
    else:
        assert code == 1
        expired = [f for f in result["findings"] if f["file"] == "pyproject.toml"]
        assert len(expired) == 1
        assert expired[0]["line"] is not None
        assert f"expired on {expires} (cookiecutter layout)" in expired[0]["message"]


def test_a_deviation_expires_the_day_after_its_date() -> None:
    deviation = Deviation("SEC-01", "open sign-up", date(2027, 6, 30))
    assert not deviation.expired(date(2027, 6, 30))
    assert deviation.expired(date(2027, 7, 1))


def test_excluded_files_are_not_read_and_give_no_finding(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, before, _ = _check([str(service), *ONLY], capsys)
    assert "app/tests/conftest.py" in {
        f["file"] for f in _result(before, "STY-01")["findings"]
    }
    _configure(service, '[tool.acacia-sop]\nexclude = ["app/tests/", "*/sockets.py"]\n')
    _, after, _ = _check([str(service), *ONLY], capsys)
    files = {f["file"] for f in _result(after, "STY-01")["findings"]}
    assert files
    assert not {f for f in files if f.startswith("app/tests/") or f == SOCKETS}
    assert not [
        f for f in ServiceRepo(service).python_files if f.startswith("app/tests/")
    ]


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[tool.acacia-sop]\nexcludes = []\n", "excludes: unknown key"),
        ("[tool.acacia-sop]\nexclude = 'app'\n", "exclude: must be a list"),
        (
            "[tool.acacia-sop.deviations]\n"
            '"SEC-01" = { reason = "x", expires = "soon" }\n',
            "deviations.SEC-01.expires: 'soon' is not a date",
        ),
        (
            '[tool.acacia-sop.deviations]\n"XYZ-01" = { reason = "x" }\n',
            "deviations.XYZ-01: unknown rule ID",
        ),
        (
            '[tool.acacia-sop.deviations]\n"SEC-01" = { expires = 2027-06-30 }\n',
            "deviations.SEC-01.reason: missing",
        ),
        ("[tool.acacia-sop]\nsite-url = 'sop'\n", "site-url: must be an http(s) URL"),
    ],
)
def test_bad_configuration_exits_2_on_one_line_naming_file_and_key(
    compliant_copy: Path, capsys: pytest.CaptureFixture[str], toml: str, key: str
) -> None:
    _configure(compliant_copy, toml)
    code = main(["check", str(compliant_copy)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert f"{compliant_copy / 'pyproject.toml'}: [tool.acacia-sop] {key}" in err


def test_a_baseline_that_is_not_one_exits_2(
    compliant_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (compliant_copy / "baseline.json").write_text("[]", "utf-8")
    baseline = compliant_copy / "baseline.json"
    code = main(["check", str(compliant_copy), "--baseline", str(baseline)])
    assert code == 2
    assert "is not an acacia-sop baseline" in capsys.readouterr().err


def test_the_site_url_defaults_to_the_hosted_site(compliant_copy: Path) -> None:
    assert load_config(compliant_copy).site_url == DEFAULT_SITE_URL
    _configure(compliant_copy, "[tool.acacia-sop]\nsite-url = 'https://sop.example'\n")
    assert load_config(ServiceRepo(compliant_copy)).site_url == "https://sop.example/"


def test_suppression_comments_name_one_rule_or_a_list_and_a_reason() -> None:
    text = "x = 1  # sop: ignore[sec-08, PERF-05] — kept for the demo  # noqa: S105\n"
    [comment] = in_text("a.py", text)
    assert (comment.line, comment.rule_ids, comment.reason) == (
        1,
        ("SEC-08", "PERF-05"),
        "kept for the demo",
    )


def test_the_three_ways_to_adopt_it_as_the_page_shows_them(
    service: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(
        ["bash", str(ADOPT), str(service)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "findings to .sop-baseline.json" in run.stderr
    sample = SAMPLE.read_text("utf-8")
    later = (date.today() + timedelta(days=365)).isoformat()
    assert 'expires = "2027-06-30"' in sample
    _configure(service, sample.replace("2027-06-30", later))
    code, report, _ = _check([str(service)], capsys)
    assert code == 0
    assert _result(report, "STR-01")["status"] == "deviation"
    in_tests = [
        f["file"]
        for r in report["results"]
        for f in r["findings"] + r.get("accepted", [])
        if f["file"].startswith("app/tests/")
    ]
    assert in_tests == []
    assert {f["file"] for f in report["fixed"]} >= {"app/tests/conftest.py"}


def test_the_text_report_shows_deviations_accepted_findings_and_fixed_entries() -> None:
    finding = Finding("app/main.py", 3, "`GET /signup` has no auth dependency")
    deviation = Deviation("SEC-01", "open sign-up", date(2027, 6, 30))
    row = Result(
        "SEC-01",
        "Protect every route",
        Status.DEVIATION,
        True,
        accepted=(Accepted(finding, Acceptance.DEVIATED, "open sign-up"),),
        deviation=deviation,
    )
    fixed = BaselineEntry("STY-01", "app/old.py", "abc", "Missing return type")
    lines = to_text(Report("svc", (row,), fixed=(fixed,))).splitlines()
    assert lines[1] == (
        "⚑ DEVIATION SEC-01   Protect every route — deviation until 2027-06-30: "
        "open sign-up (1 finding deviated)"
    )
    assert lines[2].startswith("fixed: STY-01 app/old.py: Missing return type")
    assert lines[3].endswith(
        "0 manual (1 deviation, 1 finding deviated, 1 fixed baseline entry)"
    )


@pytest.mark.parametrize(
    ("status", "fixed"),
    [(Status.PASSED, 1), (Status.NOT_CHECKED, 0), (Status.DEVIATION, 0)],
)
def test_only_a_checked_rule_reports_its_unmatched_entries_as_fixed(
    status: Status, fixed: int
) -> None:
    row = Result("STY-01", "Type hints", status, True)
    entry = BaselineEntry("STY-01", "app/old.py", "abc")
    report = apply_baseline(Report("svc", (row,)), Baseline((entry,)))
    assert len(report.fixed) == fixed


def test_a_string_that_looks_like_a_suppression_is_not_one() -> None:
    text = 'HELP = "# sop: ignore[SEC-08] why"\nx = 1  # sop: ignore[SEC-08] demo\n'
    assert [c.line for c in in_text("a.py", text)] == [2]
    assert [c.line for c in in_text("Dockerfile", text)] == [1, 2]


def test_an_expired_deviation_of_a_rule_no_check_covers_fails_its_own_row(
    compliant_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _configure(
        compliant_copy,
        "[tool.acacia-sop.deviations]\n"
        '"CMP-04" = { reason = "x", expires = "2001-01-01" }\n',
    )
    code, report, _ = _check([str(compliant_copy)], capsys)
    assert code == 1
    [finding] = _result(report, "CMP-04")["findings"]
    last = len((compliant_copy / "pyproject.toml").read_text("utf-8").splitlines())
    assert (finding["file"], finding["line"]) == ("pyproject.toml", last)
    code, report, _ = _check([str(compliant_copy), "--only", "SEC-08"], capsys)
    assert code == 0
    assert [r["rule_id"] for r in report["results"]] == ["SEC-08"]


def test_the_text_report_says_when_a_deviation_expired_and_counts_each_kind() -> None:
    finding = Finding("app/main.py", 3, "`GET /signup` has no auth dependency")
    row = Result(
        "SEC-01",
        "Protect every route",
        Status.FAILED,
        True,
        (finding,),
        accepted=(
            Accepted(finding, Acceptance.SUPPRESSED, "demo"),
            Accepted(finding, Acceptance.BASELINED),
            Accepted(finding, Acceptance.BASELINED),
        ),
        deviation=Deviation("SEC-01", "open sign-up", date(2001, 1, 1)),
    )
    line = to_text(Report("svc", (row,))).splitlines()[1]
    assert line.endswith(
        "— deviation expired on 2001-01-01: open sign-up "
        "(2 findings baselined, 1 suppressed)"
    )
