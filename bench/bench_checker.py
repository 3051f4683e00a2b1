"""Time ``acacia-sop check`` on the reference service against a parse-only baseline.

Writes the medians and their ratio to ``bench/results/checker.json``.
"""

from __future__ import annotations

import ast
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from acacia_sop.checker.engine import run_checklist  # noqa: E402
from acacia_sop.checker.repo import ServiceRepo  # noqa: E402

SERVICE = ROOT / "examples" / "acacia-service"
RESULTS = ROOT / "bench" / "results" / "checker.json"
REPETITIONS = 15
TARGET_SECONDS = 2.0


def baseline() -> None:
    """Read and parse every Python file of the service once."""
    repo = ServiceRepo(SERVICE)
    for file in repo.python_files:
        ast.parse((SERVICE / file).read_text(encoding="utf-8"))


def check() -> None:
    """A full static check, from a fresh repository object."""
    run_checklist(ServiceRepo(SERVICE))


def median_seconds(work: Callable[[], None]) -> float:
    """Median wall time of ``work`` over :data:`REPETITIONS` runs."""
    times = []
    for _ in range(REPETITIONS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    """Run both timings, write the results, fail above the target."""
    check_s, baseline_s = median_seconds(check), median_seconds(baseline)
    results = {
        "service": SERVICE.relative_to(ROOT).as_posix(),
        "repetitions": REPETITIONS,
        "check_median_s": round(check_s, 4),
        "baseline_parse_median_s": round(baseline_s, 4),
        "ratio": round(check_s / baseline_s, 2),
        "target_s": TARGET_SECONDS,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results))
    return 0 if check_s < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
