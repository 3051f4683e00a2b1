"""Judge ``acacia-sop check`` on public services it was never tuned on.

Each file ``bench/unseen/<owner>+<name>.yaml`` names one public repository at
one commit and the folder of its service, with every finding the checker
reported there, judged by hand against the SOP (``real: true`` or ``false``,
and why), and the violations a reviewer found that the checker missed.
``first_run`` keeps the precision per family as first judged, before any fix
it prompted.

The repositories are read from local snapshots (``--mirrors DIR``: either
``DIR/<owner>+<name>/repo``, the layout of a snapshot fetch, or a clone at
``DIR/<owner>/<name>``); their code is extracted into a temporary folder at
run time and never copied into the project. Writes
``bench/results/checker-unseen.json``; exits 1 when a snapshot is missing, a
finding is not judged yet, a judged true finding is no longer reported, or a
family with ten findings or more is under 95 % precision. ``--draft`` prints
the YAML of the findings not judged yet.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.eval_checker import (  # noqa: E402
    Evaluation,
    _judge,
    _report,
    _track_every_file,
)

LABELS = ROOT / "bench" / "unseen"
RESULTS = ROOT / "bench" / "results" / "checker-unseen.json"
MIN_PRECISION = 0.95
MIN_FINDINGS = 10


def git_dir(mirrors: Path, repo: str) -> Path | None:
    """The local snapshot of ``owner/name``, if there is one."""
    owner, _, name = repo.partition("/")
    for candidate in (
        mirrors / f"{owner}+{name}" / "repo" / ".git",
        mirrors / f"{owner}+{name}" / "repo",
        mirrors / owner / name / ".git",
    ):
        if (candidate / "HEAD").is_file():
            return candidate
    return None


@contextmanager
def extracted(git: Path, commit: str) -> Iterator[Path]:
    """The repository's files at ``commit``, tracked in a fresh repository."""
    archive = subprocess.run(  # noqa: S603 - fixed arguments
        ["git", "--git-dir", str(git), "archive", "--format=tar", commit],  # noqa: S607
        check=True,
        capture_output=True,
    ).stdout
    with tempfile.TemporaryDirectory(prefix="acacia-unseen-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        _track_every_file(Path(folder))
        yield Path(folder)


def evaluate(
    mirrors: Path, only: frozenset[str] = frozenset()
) -> tuple[Evaluation, dict[str, dict[str, Any]]]:
    """Run the checker on every judged service (or ``only`` these) and compare."""
    run = Evaluation()
    labelled: dict[str, dict[str, Any]] = {}
    for path in sorted(LABELS.glob("*.yaml")):
        if only and path.stem not in only:
            continue
        labels = yaml.safe_load(path.read_text("utf-8")) or {}
        source = labels["source"]
        name = path.stem
        labelled[name] = labels
        git = git_dir(mirrors, source["repo"])
        if git is None:
            run.problems.append(f"{name}: no snapshot of {source['repo']} in {mirrors}")
            continue
        with extracted(git, source["commit"]) as top:
            service = top / source.get("service", ".")
            report = _report(service)
            _judge("unseen", name, report, labels, run)
        reported = {
            (result.rule_id, finding.location)
            for result in report.results
            for finding in result.findings
        }
        for item in labels.get("missed") or []:
            item["reported_now"] = (item["rule"], item["at"]) in reported
    for name, items in run.unlabelled.items():
        run.problems.append(f"{name}: {len(items)} findings not judged yet")
    for family, tally in run.tallies.get("unseen", {}).items():
        judged = tally.true + tally.false
        if judged >= MIN_FINDINGS and (tally.precision or 0) < MIN_PRECISION:
            run.problems.append(
                f"{family} precision {tally.precision:.1%} is under "
                f"{MIN_PRECISION:.0%} ({judged} findings)"
            )
    return run, labelled


def _first_run(labelled: dict[str, dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Per family, the findings as first judged, before any fix they prompted."""
    totals: dict[str, dict[str, int]] = {}
    for labels in labelled.values():
        for family, counts in (labels.get("first_run") or {}).items():
            total = totals.setdefault(family, {"true": 0, "false": 0})
            for verdict in (True, False):  # unquoted YAML keys read as booleans
                key = str(verdict).lower()
                total[key] += counts.get(key, counts.get(verdict, 0))
    return dict(sorted(totals.items()))


def _missed(labelled: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"service": name, **item}
        for name, labels in labelled.items()
        for item in labels.get("missed") or []
    ]


def write(run: Evaluation, labelled: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Write the results file and return its document."""
    document = {
        "min_precision": MIN_PRECISION,
        "services": {
            name: {key: labels["source"][key] for key in ("repo", "commit", "service")}
            for name, labels in labelled.items()
        },
        "first_run": _first_run(labelled),
        "now": {
            family: {
                "true": tally.true,
                "false": tally.false,
                "precision": tally.precision,
            }
            for family, tally in sorted(run.tallies.get("unseen", {}).items())
        },
        "missed": _missed(labelled),
        "problems": run.problems,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return document


def main(argv: list[str] | None = None) -> int:
    """Evaluate on the snapshots, write the results, fail on any problem."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, required=True, help="snapshot folder")
    parser.add_argument("--draft", action="store_true", help="print unjudged")
    parser.add_argument(
        "--service", action="append", default=[], help="only this <owner>+<name>"
    )
    args = parser.parse_args(argv)
    if not args.mirrors.is_dir():
        print(f"eval-unseen: no folder {args.mirrors}", file=sys.stderr)
        return 2
    run, labelled = evaluate(args.mirrors, frozenset(args.service))
    if args.draft:
        print(yaml.safe_dump(run.unlabelled, sort_keys=False, allow_unicode=True))
        return 0
    document = write(run, labelled)
    for family, counts in document["now"].items():
        judged = counts["true"] + counts["false"]
        print(f"{family}: {counts['true']}/{judged} true")
    for problem in run.problems:
        print(f"eval-unseen: {problem}", file=sys.stderr)
    return 1 if run.problems else 0


if __name__ == "__main__":
    sys.exit(main())
