"""``make bench-api`` refuses to run without wrk, and bad arguments, in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _bench_api(*args: str, path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench.bench_api", *args],
        cwd=ROOT,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_wrk_it_says_how_to_install_it_and_fails(tmp_path: Path) -> None:
    result = _bench_api(path=str(tmp_path))

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "bench-api: wrk is missing: install it (apt-get install wrk), "
        "or run bench/bench_api.py --quick --output FILE (an httpx loop)"
    ]


def test_a_folder_that_is_not_a_service_is_refused(tmp_path: Path) -> None:
    result = _bench_api("--quick", "--service", str(tmp_path), path=os.environ["PATH"])

    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"bench_api: error: {tmp_path} is not a service (no app/main.py)"
    )
