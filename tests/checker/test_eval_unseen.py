"""``make eval-unseen`` reads judged public services from local snapshots."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from bench import eval_unseen


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def snapshot(tmp_path: Path) -> tuple[Path, str]:
    """A snapshot folder holding ``someone/svc`` as ``fetch`` lays it out."""
    work = tmp_path / "mirrors" / "someone+svc" / "repo"
    (work / "app").mkdir(parents=True)
    (work / "app" / "main.py").write_text(
        "from fastapi import FastAPI\n\napp = FastAPI()\n"
    )
    _git("init", "-q", cwd=work)
    _git("add", "-A", cwd=work)
    _git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x", cwd=work)
    return tmp_path / "mirrors", _git("rev-parse", "HEAD", cwd=work)


def _label(folder: Path, commit: str, **labels: object) -> None:
    source = {"repo": "someone/svc", "commit": commit, "service": "."}
    document = {"source": source, **labels}
    (folder / "someone+svc.yaml").write_text(yaml.safe_dump(document))


def test_unjudged_findings_of_a_snapshot_are_problems(
    snapshot: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mirrors, commit = snapshot
    monkeypatch.setattr(eval_unseen, "LABELS", tmp_path)
    _label(tmp_path, commit, findings=[])
    run, _ = eval_unseen.evaluate(mirrors)
    assert run.unlabelled["someone+svc"]
    assert any(rule["rule"] == "STR-01" for rule in run.unlabelled["someone+svc"])
    assert run.problems[-1].endswith("findings not judged yet")


def test_a_missing_snapshot_is_a_problem_not_a_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(eval_unseen, "LABELS", tmp_path)
    _label(tmp_path, "0" * 40)
    run, _ = eval_unseen.evaluate(tmp_path / "none")
    assert run.problems == [
        f"someone+svc: no snapshot of someone/svc in {tmp_path / 'none'}"
    ]


def test_first_judgement_is_summed_per_family() -> None:
    labelled = {
        "a": {"first_run": {"SEC": {"true": 3, "false": 1}}},
        "b": {
            "first_run": {"SEC": {"true": 2, "false": 0}, "DB": {"true": 1, "false": 0}}
        },
    }
    assert eval_unseen._first_run(labelled) == {
        "DB": {"true": 1, "false": 0},
        "SEC": {"true": 5, "false": 1},
    }


def test_first_judgement_written_as_yaml_booleans_counts_too() -> None:
    """``{true: 3, false: 1}`` unquoted: YAML reads the keys as booleans."""
    labelled = {"a": yaml.safe_load("first_run: {SEC: {true: 3, false: 1}}")}
    assert eval_unseen._first_run(labelled) == {"SEC": {"true": 3, "false": 1}}
