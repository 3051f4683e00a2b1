"""``make eval-checker`` fails on low precision, on a pass with nothing checked,
and on a missing corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from acacia_sop.checker.engine import Report
from acacia_sop.checker.model import Finding, Result, Status
from bench import eval_checker
from bench.eval_checker import Evaluation, _judge, _judge_plant
from bench.planted import Edit, Plant, Planted

ROUTE = Finding("app/main.py", 9, "`GET /x` has no auth dependency")


def _report(*results: Result) -> Report:
    return Report("svc", results)


def test_a_false_finding_lowers_the_family_precision() -> None:
    run = Evaluation()
    labels = {"findings": [{"rule": "SEC-01", "at": "app/main.py:9", "real": False}]}
    report = _report(Result("SEC-01", "Auth", Status.FAILED, True, (ROUTE,)))
    _judge("corpus", "svc", report, labels, run)
    assert run.tallies["corpus"]["SEC"].precision == 0.0


def test_a_new_rule_id_prefix_is_a_family_of_its_own() -> None:
    run = Evaluation()
    finding = Finding("app/main.py", 3, "a new kind of finding")
    labels = {"findings": [{"rule": "NEW-01", "at": "app/main.py:3", "real": True}]}
    report = _report(
        Result("NEW-01", "New", Status.FAILED, True, (finding,)),
        Result("SEC-01", "Auth", Status.PASSED, True),
    )
    _judge("corpus", "svc", report, labels, run)
    assert {family: t.precision for family, t in run.tallies["corpus"].items()} == {
        "NEW": 1.0,
        "SEC": None,
    }


def test_a_pass_where_nothing_can_be_checked_is_a_problem() -> None:
    run = Evaluation()
    labels = {"statuses": {"SEC-01": "not-checked"}}
    _judge(
        "corpus",
        "svc",
        _report(Result("SEC-01", "Auth", Status.PASSED, True)),
        labels,
        run,
    )
    assert run.problems == ["svc: SEC-01 passes with nothing to check"]


def test_an_unlabelled_finding_is_listed_for_judging() -> None:
    run = Evaluation()
    report = _report(Result("SEC-01", "Auth", Status.FAILED, True, (ROUTE,)))
    _judge("corpus", "svc", report, {}, run)
    assert run.unlabelled["svc"][0]["at"] == "app/main.py:9"


def test_without_the_corpus_it_says_so_in_one_line_and_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(eval_checker, "CORPUS", tmp_path / "corpus")
    assert eval_checker.main([]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert err.startswith(f"eval-checker: no corpus at {tmp_path / 'corpus'}")


def _planted(tmp_path: Path) -> Planted:
    plant = Plant(
        name="print-in-a-service",
        level="easy",
        rule="PERF-05",
        why="a print",
        edits=(Edit("app/services/x.py", None, "print(1)\n"),),
        at_file="app/services/x.py",
        at_text=None,
        also=frozenset({"STY-01"}),
    )
    return Planted(plant, tmp_path, frozenset({3}), whole_file=False)


def test_a_plant_is_caught_only_at_its_place(tmp_path: Path) -> None:
    run = Evaluation()
    elsewhere = Finding("app/services/x.py", 9, "print()")
    there = Finding("app/services/x.py", 3, "print()")
    for findings, caught in (((elsewhere,), False), ((there,), True)):
        report = _report(Result("PERF-05", "Logs", Status.FAILED, True, findings))
        _judge_plant(_planted(tmp_path), report, run)
        assert run.plants[-1]["caught"] is caught


def test_a_finding_of_another_rule_on_a_planted_copy_is_false(
    tmp_path: Path,
) -> None:
    run = Evaluation()
    there = Finding("app/services/x.py", 3, "print()")
    report = _report(
        Result("PERF-05", "Logs", Status.FAILED, True, (there,)),
        Result("STY-01", "Hints", Status.FAILED, True, (there,)),
        Result("SEC-01", "Auth", Status.FAILED, True, (ROUTE,)),
    )
    _judge_plant(_planted(tmp_path), report, run)
    assert run.tallies["plants"]["SEC"].false == 1
    assert run.tallies["plants"]["STY"].true == 1
    assert run.problems == [
        "plant print-in-a-service: false SEC-01 finding at app/main.py:9"
    ]
