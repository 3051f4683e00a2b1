"""The files the workers take first are test files of this suite."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.schedule import LONGEST_FIRST


def test_every_file_taken_first_is_a_test_file() -> None:
    missing = [path for path in LONGEST_FIRST if not (ROOT / path).is_file()]

    assert missing == [], "renamed or removed: update tests/schedule.py"
    assert all(path.rsplit("/", 1)[-1].startswith("test_") for path in LONGEST_FIRST)
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)
