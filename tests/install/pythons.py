"""Find the interpreters of each supported Python on this machine, and run them.

``python3.12`` on ``PATH`` may be a pyenv shim that refuses to run when that
version is not selected, so each candidate is asked for its version, and
pyenv's own installs are looked at too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

SUPPORTED = ("3.11", "3.12", "3.13")


def _pyenv_root() -> Path:
    return Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))


def _reports(candidate: str, version: str) -> bool:
    """Whether ``candidate`` runs and is Python ``version``."""
    result = subprocess.run(
        [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and result.stdout.strip() == version


def find_python(version: str) -> str | None:
    """A working ``python<version>`` (``"3.12"``), or None if the machine has none."""
    candidates = [shutil.which(f"python{version}") or ""]
    installs = sorted(_pyenv_root().glob(f"versions/{version}.*/bin/python{version}"))
    candidates += [str(path) for path in reversed(installs)]
    return next((c for c in candidates if c and _reports(c, version)), None)


def output(*command: str | Path) -> str:
    """What ``command`` prints; it must succeed."""
    return subprocess.run(
        command, capture_output=True, text=True, check=True
    ).stdout.strip()


def make(*args: str, env: dict[str, str] | None = None) -> str:
    """Run ``make ARGS`` in the repository; its output when it fails."""
    done = subprocess.run(
        ["make", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return "" if done.returncode == 0 else done.stdout + done.stderr
