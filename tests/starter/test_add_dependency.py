"""``make add`` in a generated service: when the lock fails, nothing changes.

The tutorial (``test_new_service.py``) runs the whole ``make add``; the
generated suite's ``tests/test_locks.py`` checks its refusals of bad input.
Here the lock command fails after the pin is written, as when the other pins
leave no room for the new package.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _files(service: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in service.glob("requirements*")}


def test_a_failed_lock_puts_the_requirements_and_the_locks_back(
    generated_copy: Path,
) -> None:
    before = _files(generated_copy)

    result = subprocess.run(
        [sys.executable, "scripts/add_dependency.py", "--dev", "six", "--", "false"],
        cwd=generated_copy,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("pinned six==")
    assert result.stderr.startswith("make add: the locks cannot hold six==")
    assert result.stderr.endswith("requirements-dev.txt and the locks are unchanged\n")
    assert _files(generated_copy) == before
