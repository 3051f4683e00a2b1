"""Supported means tried: the lock installs on every Python the README names.

``make test`` runs on the machine's ``python3`` (3.11 in CI); here the lock is
installed with each newer supported Python found on the machine, and the
installed checker audits the reference service. CI's machine has them (pyenv),
so there a missing one fails instead of skipping.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import IN_CI, ROOT
from tests.install.pythons import SUPPORTED, find_python, make, output


@pytest.mark.slow
@pytest.mark.parametrize("version", [v for v in SUPPORTED if v != "3.11"])
def test_the_lock_installs_and_the_checker_runs(version: str, tmp_path: Path) -> None:
    python = find_python(version)
    if python is None:
        if IN_CI:
            pytest.fail(f"no Python {version} on this machine")
        pytest.skip(f"no Python {version} on this machine")
    venv = tmp_path / "venv"

    failed = make("install", f"VENV={venv}", f"PYTHON={python}")
    assert failed == ""
    check = subprocess.run(
        [venv / "bin/acacia-sop", "check", "examples/acacia-service"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert check.returncode == 0, check.stdout + check.stderr
    assert "passed" in check.stdout
    runs = output(venv / "bin/python", "-c", "import sys; print(sys.version_info[:2])")
    assert runs == str(tuple(int(n) for n in version.split(".")))
