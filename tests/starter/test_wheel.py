"""The wheel as teams install it: ``new`` and ``check`` from a fresh venv."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import ROOT


def _run(
    tool: Path, *args: str, cwd: Path, home: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(tool / "acacia-sop"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home)},
        check=False,
    )


def test_the_installed_wheel_generates_and_checks_a_service(
    installed_tool: Path, tmp_path: Path
) -> None:
    location = subprocess.run(
        [
            installed_tool / "python",
            "-c",
            "import acacia_sop; print(acacia_sop.__file__)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    new = _run(installed_tool, "new", "ledger-api", cwd=tmp_path, home=tmp_path)
    check = _run(installed_tool, "check", "ledger-api", cwd=tmp_path, home=tmp_path)

    assert not location.startswith(str(ROOT))
    assert (new.returncode, new.stderr) == (0, "")
    assert (tmp_path / "ledger-api" / "app" / "main.py").is_file()
    assert check.returncode == 0, check.stdout
    assert " 0 failed" in check.stdout.splitlines()[-1]


def test_the_installed_wheel_refuses_a_bad_name_in_one_line(
    installed_tool: Path, tmp_path: Path
) -> None:
    result = _run(installed_tool, "new", "Bad Name", cwd=tmp_path, home=tmp_path)

    assert result.returncode == 2
    assert result.stderr == (
        "acacia-sop: error: NAME 'Bad Name' is not kebab-case: lowercase letters, "
        "digits and single hyphens, starting with a letter (e.g. payments-api)\n"
    )
    assert list(tmp_path.iterdir()) == []
