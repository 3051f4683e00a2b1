"""A finding's fingerprint survives lines moving and changes with the code."""

from __future__ import annotations

from pathlib import Path

from acacia_sop.checker.fingerprint import fingerprints
from acacia_sop.checker.model import Finding


def test_a_fingerprint_survives_lines_inserted_above(tmp_path: Path) -> None:
    source = tmp_path / "app.py"
    source.write_text('KEY = "s3cret"\n', "utf-8")
    before = fingerprints("SEC-08", [Finding("app.py", 1, "m")], tmp_path)
    source.write_text('"""Doc."""\n\nimport os\nKEY = "s3cret"\n', "utf-8")
    after = fingerprints("SEC-08", [Finding("app.py", 4, "m")], tmp_path)
    assert before == after


def test_the_same_text_twice_gets_two_fingerprints(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("print(1)\nprint(1)\n", "utf-8")
    findings = [Finding("app.py", 1, "m"), Finding("app.py", 2, "m")]
    first, second = fingerprints("PERF-05", findings, tmp_path)
    assert first != second


def test_changed_code_or_another_rule_changes_the_fingerprint(tmp_path: Path) -> None:
    source = tmp_path / "app.py"
    source.write_text("print(1)\n", "utf-8")
    finding = [Finding("app.py", 1, "m")]
    original = fingerprints("PERF-05", finding, tmp_path)
    assert fingerprints("STY-01", finding, tmp_path) != original
    source.write_text("print(2)\n", "utf-8")
    assert fingerprints("PERF-05", finding, tmp_path) != original
