"""Time ``acacia-sop check`` (ruff included) against a parse-only baseline.

Measures the reference service and the largest service of ``../shared/corpus``
(extracted into a temporary folder), each against a baseline measured in the
same run: reading and parsing every Python file once. Writes the medians and
ratios to ``bench/results/checker.json``; fails when a check takes 2 s or more.
The CPU time (the checker's and ruff's) is written too: on a shared machine
the wall time also counts the time the neighbours' work takes.
"""

from __future__ import annotations

import ast
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from acacia_sop.checker.engine import run_checklist  # noqa: E402
from acacia_sop.checker.repo import ServiceRepo  # noqa: E402
from bench.eval_checker import CORPUS, extracted_corpus  # noqa: E402

SERVICE = ROOT / "examples" / "acacia-service"
RESULTS = ROOT / "bench" / "results" / "checker.json"
REPETITIONS = 7
TARGET_SECONDS = 2.0


def baseline(path: Path) -> Callable[[], None]:
    """Read and parse every Python file of the service once."""

    def parse_all() -> None:
        repo = ServiceRepo.locate(path)
        for file in repo.python_files:
            try:
                ast.parse((repo.root / file).read_bytes())
            except SyntaxError:
                continue

    return parse_all


def check(path: Path) -> Callable[[], None]:
    """A full check (ruff included), from a fresh repository object."""

    def run() -> None:
        run_checklist(ServiceRepo.locate(path))

    return run


def _cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (ruff)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def median_seconds(work: Callable[[], None]) -> tuple[float, float]:
    """Median wall and CPU time of ``work`` over :data:`REPETITIONS` runs."""
    walls, cpus = [], []
    for _ in range(REPETITIONS):
        started, cpu = time.perf_counter(), _cpu_seconds()
        work()
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu_seconds() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def measure(label: str, path: Path) -> dict[str, Any]:
    """Both timings for one service."""
    (check_s, check_cpu_s), (baseline_s, _) = (
        median_seconds(check(path)),
        median_seconds(baseline(path)),
    )
    return {
        "service": label,
        "python_files": len(ServiceRepo.locate(path).python_files),
        "check_median_s": round(check_s, 4),
        "check_cpu_median_s": round(check_cpu_s, 4),
        "baseline_parse_median_s": round(baseline_s, 4),
        "ratio": round(check_s / baseline_s, 2),
    }


def main() -> int:
    """Run the timings, write the results, fail above the target."""
    runs = [measure(SERVICE.relative_to(ROOT).as_posix(), SERVICE)]
    if any(CORPUS.glob("*.tar.gz")):
        with extracted_corpus() as corpus:
            name, path = max(
                corpus.items(),
                key=lambda item: len(ServiceRepo.locate(item[1]).python_files),
            )
            runs.append(measure(f"corpus/{name}", path))
    elif os.environ.get("CI"):
        print(f"bench: no corpus at {CORPUS}", file=sys.stderr)
        return 1
    results = {"repetitions": REPETITIONS, "target_s": TARGET_SECONDS, "runs": runs}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results))
    return 0 if all(run["check_median_s"] < TARGET_SECONDS for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
