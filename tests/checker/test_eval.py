"""``make eval-checker`` fails on low precision, on a pass with nothing checked,
and on a missing corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from acacia_sop.checker.engine import Report
from acacia_sop.checker.model import Finding, Result, Status
from bench import eval_checker
from bench.eval_checker import Evaluation, _judge

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
