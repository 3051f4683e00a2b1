"""Measure ``acacia-sop check`` on real services: precision per rule family.

A family is a rule ID prefix (``DB``, ``SEC``...), read off the IDs the
checker reports, so a new prefix is a new family with nothing to list.

Runs the checker on every service of ``../shared/corpus`` (extracted into a
temporary folder at run time, never copied into the project) and on our
fixture services, then compares each finding with the labelled expectations
in ``bench/checker-expectations.yaml`` (true or false finding, judged by
reading the code). Recall: each violation of ``bench/plants.yaml`` is planted
in its own copy of the reference service, and caught when its rule reports
it at the planted place; any other finding on the copy is a false one.
Writes ``bench/results/checker-eval.json`` and exits 1 when a family's
precision is under 95 %, when fewer than :data:`MIN_CAUGHT` plants are
caught, when a rule passes where the labels say there is nothing to check,
when a finding is not labelled yet, or when the corpus is missing.

``--draft`` prints the YAML of every finding not labelled yet, to judge.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from acacia_sop.checker.engine import Report, run_checklist  # noqa: E402
from acacia_sop.checker.model import Status  # noqa: E402
from acacia_sop.checker.repo import ServiceRepo  # noqa: E402
from bench.planted import (  # noqa: E402
    LEVELS,
    Planted,
    copy_service,
    load_plants,
    plant_into,
)

CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "checker" / "fixtures"
EXPECTATIONS = ROOT / "bench" / "checker-expectations.yaml"
RESULTS = ROOT / "bench" / "results" / "checker-eval.json"
MIN_PRECISION = 0.95
MIN_CAUGHT = 14
"""Planted violations the checker must catch (of the 16 or more planted)."""


def family_of(rule_id: str) -> str:
    """A rule's family: the prefix of its ID (``DB`` for ``DB-03``)."""
    return rule_id.rpartition("-")[0]


@dataclass
class Tally:
    """Judged findings of one family (a rule ID prefix)."""

    true: int = 0
    false: int = 0

    @property
    def precision(self) -> float | None:
        """True findings over all findings, ``None`` when there is none."""
        total = self.true + self.false
        return round(self.true / total, 4) if total else None


@dataclass
class Evaluation:
    """What the run found, per target kind (corpus, fixtures)."""

    tallies: dict[str, dict[str, Tally]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unlabelled: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    statuses: dict[str, dict[str, str]] = field(default_factory=dict)
    plants: list[dict[str, Any]] = field(default_factory=list)


@contextmanager
def extracted_corpus() -> Iterator[dict[str, Path]]:
    """Each corpus archive extracted into a temporary git repository."""
    with tempfile.TemporaryDirectory(prefix="acacia-corpus-") as folder:
        targets = {}
        for archive in sorted(CORPUS.glob("*.tar.gz")):
            name = archive.name.removesuffix(".tar.gz")
            target = Path(folder) / name
            target.mkdir()
            with tarfile.open(archive) as tar:
                tar.extractall(target, filter="data")
            _track_every_file(target)
            targets[name] = target
        yield targets


def _track_every_file(folder: Path) -> None:
    """The archive holds a repository's committed files: track them all again."""
    if shutil.which("git") is None:
        return
    for command in (["init", "-q"], ["add", "-A", "-f"]):
        subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "-C", str(folder), *command],  # noqa: S607
            check=True,
            capture_output=True,
        )


def _report(path: Path) -> Report:
    return run_checklist(ServiceRepo.locate(path))


def _judge(
    kind: str, name: str, report: Report, labels: dict[str, Any], run: Evaluation
) -> None:
    verdicts = {
        (item["rule"], item["at"]): bool(item["real"])
        for item in labels.get("findings", [])
    }
    tallies = run.tallies.setdefault(kind, {})
    seen = set()
    for result in report.results:
        if not result.automated:
            continue
        tally = tallies.setdefault(family_of(result.rule_id), Tally())
        run.statuses.setdefault(name, {})[result.rule_id] = result.status.value
        expected = labels.get("statuses", {}).get(result.rule_id)
        if expected == Status.NOT_CHECKED.value and result.status is Status.PASSED:
            run.problems.append(
                f"{name}: {result.rule_id} passes with nothing to check"
            )
        elif expected is not None and expected != result.status.value:
            run.problems.append(
                f"{name}: {result.rule_id} is {result.status.value}, "
                f"labelled {expected}"
            )
        for finding in result.findings:
            key = (result.rule_id, finding.location)
            seen.add(key)
            if key not in verdicts:
                run.unlabelled.setdefault(name, []).append(
                    {
                        "rule": result.rule_id,
                        "at": finding.location,
                        "real": None,
                        "why": finding.message,
                    }
                )
                continue
            if verdicts[key]:
                tally.true += 1
            else:
                tally.false += 1
    missed = sorted(set(verdicts) - seen)
    run.problems.extend(
        f"{name}: labelled finding not reported any more: {rule} at {at} "
        "(update the labels if the code changed)"
        for rule, at in missed
        if verdicts[(rule, at)]
    )


def _judge_plant(planted: Planted, report: Report, run: Evaluation) -> None:
    """Caught when the plant's rule reports it at the planted place; every
    other finding is false unless a rule the plant names reports its files."""
    plant = planted.plant
    tallies = run.tallies.setdefault("plants", {})
    caught, other = False, []
    for result in report.results:
        for finding in result.findings if result.automated else ():
            tally = tallies.setdefault(family_of(result.rule_id), Tally())
            there = finding.file == plant.at_file and (
                planted.whole_file
                or finding.line is None
                or finding.line in planted.lines
            )
            true = finding.file in plant.files and (
                result.rule_id == plant.rule or result.rule_id in plant.also
            )
            caught = caught or (result.rule_id == plant.rule and there)
            tally.true += true
            tally.false += not true
            if not (result.rule_id == plant.rule and there):
                other.append(
                    {
                        "rule": result.rule_id,
                        "at": finding.location,
                        "real": true,
                        "why": finding.message,
                    }
                )
    run.plants.append(
        {
            "name": plant.name,
            "level": plant.level,
            "rule": plant.rule,
            "caught": caught,
            "other_findings": other,
        }
    )
    run.problems.extend(
        f"plant {plant.name}: false {item['rule']} finding at {item['at']}"
        for item in other
        if not item["real"]
    )


def evaluate_plants(run: Evaluation) -> None:
    """Plant each violation in its own copy of the reference service."""
    with tempfile.TemporaryDirectory(prefix="acacia-plants-") as folder:
        control = copy_service(Path(folder) / "reference")
        for result in _report(control).results:
            run.problems.extend(
                f"reference service: {result.rule_id} finding at {f.location}"
                for f in result.findings
            )
        for plant in load_plants():
            root = copy_service(Path(folder) / plant.name)
            planted = plant_into(plant, root)
            _judge_plant(planted, _report(root), run)
    caught = sum(verdict["caught"] for verdict in run.plants)
    if caught < MIN_CAUGHT:
        run.problems.append(
            f"plants: {caught} of {len(run.plants)} caught, under {MIN_CAUGHT}"
        )


def evaluate() -> Evaluation:
    """Run the checker on every target and judge its findings."""
    labels = yaml.safe_load(EXPECTATIONS.read_text("utf-8")) or {}
    run = Evaluation()
    with extracted_corpus() as corpus:
        for name, path in corpus.items():
            if name not in labels:
                run.problems.append(f"{name}: no labels in {EXPECTATIONS.name}")
            _judge("corpus", name, _report(path), labels.get(name, {}), run)
    for fixture in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        name = f"fixtures/{fixture.name}"
        _judge("fixtures", name, _report(fixture), labels.get(name, {}), run)
    evaluate_plants(run)
    for name, items in run.unlabelled.items():
        run.problems.append(f"{name}: {len(items)} findings not labelled yet")
    for kind, tallies in run.tallies.items():
        for family, tally in tallies.items():
            if tally.precision is not None and tally.precision < MIN_PRECISION:
                run.problems.append(
                    f"{kind}: {family} precision {tally.precision:.1%} "
                    f"is under {MIN_PRECISION:.0%}"
                )
    return run


def _write(run: Evaluation) -> dict[str, Any]:
    document = {
        "min_precision": MIN_PRECISION,
        "families": {
            kind: {
                family: {
                    "true": tally.true,
                    "false": tally.false,
                    "precision": tally.precision,
                }
                for family, tally in sorted(tallies.items())
            }
            for kind, tallies in run.tallies.items()
        },
        "statuses": run.statuses,
        "plants": {
            "min_caught": MIN_CAUGHT,
            "caught": sum(verdict["caught"] for verdict in run.plants),
            "planted": len(run.plants),
            "verdicts": run.plants,
        },
        "problems": run.problems,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return document


def _recall_line(verdicts: list[dict[str, Any]]) -> str:
    """``plants: caught 15/16 (easy 8/8, ...); missed: name (RULE)``."""
    levels = ", ".join(
        f"{level} {sum(v['caught'] for v in group)}/{len(group)}"
        for level in LEVELS
        if (group := [v for v in verdicts if v["level"] == level])
    )
    missed = [f"{v['name']} ({v['rule']})" for v in verdicts if not v["caught"]]
    caught = sum(v["caught"] for v in verdicts)
    line = f"plants: caught {caught}/{len(verdicts)} ({levels})"
    return line + (f"; missed: {', '.join(missed)}" if missed else "")


def main(argv: list[str] | None = None) -> int:
    """Evaluate, write the results, and fail on any problem."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draft", action="store_true", help="print unlabelled")
    args = parser.parse_args(argv)
    if not any(CORPUS.glob("*.tar.gz")):
        where = "CI needs it beside the clone" if os.environ.get("CI") else "skipped"
        print(f"eval-checker: no corpus at {CORPUS} ({where})", file=sys.stderr)
        return 1
    run = evaluate()
    if args.draft:
        print(yaml.safe_dump(run.unlabelled, sort_keys=False, allow_unicode=True))
    document = _write(run)
    for kind, families in document["families"].items():
        shown = {
            family: f"{v['precision']:.1%} ({v['true']}/{v['true'] + v['false']})"
            for family, v in families.items()
            if v["precision"] is not None
        }
        print(f"{kind}: {json.dumps(shown)}")
    print(_recall_line(run.plants))
    for problem in run.problems:
        print(f"eval-checker: {problem}", file=sys.stderr)
    return 1 if run.problems else 0


if __name__ == "__main__":
    sys.exit(main())
