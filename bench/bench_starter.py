"""Time ``acacia-sop new`` and the generated service's test suite.

Generation (the command, from this checkout: it also builds the template) is
compared with copying the reference service's files; the generated suite
(``make test``, interpreter given, so no venv creation) with the reference
service's own suite, in the same run. Writes ``bench/results/starter.json``
(committed) and exits 1 when a target is missed.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "examples" / "acacia-service"
RESULTS = ROOT / "bench" / "results" / "starter.json"
REPETITIONS = 5
TARGETS_S = {"generation": 3.0, "generated_suite": 90.0}
IGNORED = shutil.ignore_patterns(".venv", ".data", "__pycache__")


def timed(work: Callable[[], object]) -> float:
    """Wall time of one run of ``work``."""
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def run(command: list[str], cwd: Path, home: Path) -> None:
    """Run ``command`` with its own HOME; raise when it fails."""
    subprocess.run(  # noqa: S603 - fixed commands
        command,
        cwd=cwd,
        env={**os.environ, "HOME": str(home)},
        check=True,
        capture_output=True,
    )


def main() -> int:
    """Run the four timings, write the results, fail above a target."""
    with tempfile.TemporaryDirectory(prefix="bench-starter-") as scratch:
        work, home = Path(scratch), Path(scratch) / "home"
        new = [sys.executable, "-m", "acacia_sop.cli", "new", "bench-api"]
        new += ["--template-repo", str(ROOT), "--dir"]
        generation_s = statistics.median(
            timed(partial(run, [*new, str(work / f"new-{i}")], ROOT, home))
            for i in range(REPETITIONS)
        )
        copy_s = statistics.median(
            timed(partial(shutil.copytree, SERVICE, work / f"copy-{i}", ignore=IGNORED))
            for i in range(REPETITIONS)
        )
        suite = ["make", "test", f"PYTHON={sys.executable}"]
        generated_suite_s = timed(lambda: run(suite, work / "new-0", home))
        reference_suite_s = timed(lambda: run(suite, SERVICE, home))
    results = {
        "repetitions": REPETITIONS,
        "generation_median_s": round(generation_s, 3),
        "baseline_copy_median_s": round(copy_s, 3),
        "generated_suite_s": round(generated_suite_s, 1),
        "baseline_reference_suite_s": round(reference_suite_s, 1),
        "suite_ratio": round(generated_suite_s / reference_suite_s, 2),
        "targets_s": TARGETS_S,
        "cpus": os.cpu_count(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results))
    missed = generation_s >= TARGETS_S["generation"] or (
        generated_suite_s >= TARGETS_S["generated_suite"]
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
