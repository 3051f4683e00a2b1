"""Captions come from coverage contexts: the tests that ran a region's lines."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from coverage import CoverageData

from sitebuild import coverage_map
from sitebuild.coverage_map import (
    MissingCoverageDataError,
    name_of_test,
    rank_tests,
    region_lines,
    region_tests,
)

pytestmark = pytest.mark.docs

MODULE = (
    "import os\n"  # 1: runs at import
    "# --8<-- [start:shown]\n"  # 2
    "def shown() -> int:\n"  # 3: runs at import
    "    return 1\n"  # 4: runs in test_a
    "# --8<-- [end:shown]\n"  # 5
    "# --8<-- [start:imported]\n"  # 6
    "LIMIT = 3\n"  # 7: runs at import only
    "# --8<-- [end:imported]\n"  # 8
)


SHOWN = "snippets/shown.py"


@pytest.fixture
def recorded(tmp_path: Path) -> Iterator[Path]:
    """A fake repository: a module and coverage data with two contexts."""
    root, contexts = tmp_path / "repo", tmp_path / "repo" / ".coverage-contexts"
    (root / "snippets").mkdir(parents=True)
    contexts.mkdir()
    module = root / SHOWN
    module.write_text(MODULE, encoding="utf-8")
    for name, runs in (("snippets", {"": [1, 3, 7], "t.py::test_a[x]|run": [4]}),):
        data = CoverageData(basename=str(contexts / name))
        for context, lines in runs.items():
            data.set_context(context)
            data.add_lines({str(module): lines})
        data.write()
    service = CoverageData(basename=str(contexts / "service"))
    service.add_lines({str(root / "other.py"): [1]})
    service.write()
    coverage_map.forget_coverage()
    yield root
    coverage_map.forget_coverage()


def test_context_names_lose_their_phase_and_parameters() -> None:
    assert name_of_test("tests/a.py::test_b[motor]|setup") == "tests/a.py::test_b"


def test_region_lines_are_the_lines_between_the_markers() -> None:
    assert list(region_lines(MODULE, "shown")) == [3, 4]
    assert list(region_lines(MODULE, None)) == list(range(1, 9))


def test_a_region_is_credited_to_the_tests_that_ran_its_lines(recorded: Path) -> None:
    assert region_tests(recorded, SHOWN, "shown") == ["t.py::test_a"]


def test_lines_run_only_at_import_credit_no_test(recorded: Path) -> None:
    assert region_tests(recorded, SHOWN, "imported") == []


def test_missing_data_names_the_command_that_records_it(recorded: Path) -> None:
    shutil.rmtree(recorded / ".coverage-contexts")
    coverage_map.forget_coverage()
    with pytest.raises(MissingCoverageDataError, match="make coverage-data"):
        region_tests(recorded, SHOWN, "shown")


def test_tests_named_like_the_file_come_first_then_those_running_more_lines() -> None:
    counts = {
        "tests/test_auth.py::test_login": 9,
        "tests/test_cors.py::test_preflight": 2,
        "tests/test_rate_limit.py::test_budget": 1,
        "tests/test_users.py::test_create": 5,
    }
    assert rank_tests("app/services/rate_limiter.py", counts) == [
        "tests/test_rate_limit.py::test_budget",
        "tests/test_auth.py::test_login",
        "tests/test_users.py::test_create",
        "tests/test_cors.py::test_preflight",
    ]
