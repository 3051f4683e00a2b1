"""Time each step of the CI run as ``make test`` runs it; write ``ci.json``.

``make ci-times`` passes the steps ``make test`` runs side by side
(``--side-by-side``), the steps it runs after them one at a time (``--after``)
and what CI runs after ``make test`` (``--then``: ``eval-checker``).
Each step runs as ``make STEP`` (side-by-side steps all at once, as ``make
--jobs`` starts them); its wall time, exit code and the machine's load are
written to ``bench/results/ci.json`` (each step's output to
``bench/results/ci-logs/``). Wall times on a shared machine are
noisy: compare runs made under the same load. Exits 1 when a step failed
(its output's tail is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "ci.json"
LOGS = ROOT / "bench" / "results" / "ci-logs"  # each step's output (not kept)
MAKE = os.environ.get("MAKE") or shutil.which("make") or "make"
GIT = shutil.which("git") or "git"


@dataclass
class Step:
    """One ``make`` target's run."""

    step: str
    phase: str
    seconds: float
    exit_code: int


def _start(step: str, logs: Path) -> tuple[subprocess.Popen[bytes], float]:
    log = (logs / f"{step}.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - make, a target of our Makefile
        [MAKE, "--no-print-directory", step],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    return process, time.monotonic()


def _run_together(steps: list[str], phase: str, logs: Path) -> list[Step]:
    started = {step: _start(step, logs) for step in steps}
    done: list[Step] = []
    while started:
        for step, (process, start) in list(started.items()):
            if process.poll() is not None:
                seconds = round(time.monotonic() - start, 1)
                done.append(Step(step, phase, seconds, process.returncode))
                print(f"ci-times: {step} {seconds} s (exit {process.returncode})")
                del started[step]
        time.sleep(0.2)
    return sorted(done, key=lambda s: steps.index(s.step))


def _commit() -> str:
    return subprocess.run(  # noqa: S603 - git, fixed arguments
        [GIT, "rev-parse", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    """Run the steps, write the results, exit 1 when a step failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side-by-side", nargs="+", default=[], metavar="STEP")
    parser.add_argument("--after", nargs="+", default=[], metavar="STEP")
    parser.add_argument("--then", nargs="+", default=[], metavar="STEP")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    phases: dict[str, float] = {}
    steps: list[Step] = []
    LOGS.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    steps += _run_together(args.side_by_side, "side by side", LOGS)
    phases["side by side"] = round(time.monotonic() - start, 1)
    for step in [*args.after, *args.then]:
        steps += _run_together([step], step, LOGS)
        phases[step] = steps[-1].seconds
    for failed in (s for s in steps if s.exit_code != 0):
        tail = (LOGS / f"{failed.step}.log").read_text("utf-8", "replace")
        print(f"--- {failed.step} failed:\n{tail[-3000:]}", file=sys.stderr)

    make_test = phases["side by side"] + sum(phases[step] for step in args.after)
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "note": "wall seconds; side-by-side steps overlap, so their sum exceeds "
        "the phase; on a shared machine compare runs made under the same load",
        "steps": [asdict(step) for step in steps],
        "phases": phases,
        "make_test_seconds": round(make_test, 1),
        "ci_seconds": round(sum(phases.values()), 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"ci-times: make test {make_test:.0f} s, CI {sum(phases.values()):.0f} s")
    return 1 if any(step.exit_code != 0 for step in steps) else 0


if __name__ == "__main__":
    sys.exit(main())
