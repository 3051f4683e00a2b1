"""Every code block on the site is real code that a test runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_examples import find_examples

from acacia_sop.sources import covering_tests, find_includes, region_exists
from tests.conftest import DOCS_DIR, ROOT

pytestmark = pytest.mark.docs

SNIPPETS_DIR = ROOT / "snippets"


def _snippet_files() -> list[Path]:
    return sorted(
        path
        for path in SNIPPETS_DIR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def test_every_include_names_an_existing_file_and_region() -> None:
    includes = find_includes(DOCS_DIR)
    assert includes, "no page includes a file"
    problems: list[str] = []
    for include in includes:
        where = f"{include.page}:{include.line}"
        target = ROOT / include.path
        if not target.is_file():
            problems.append(f"{where}: no file {include.path}")
        elif include.region and not region_exists(
            target.read_text("utf-8"), include.region
        ):
            problems.append(f"{where}: no region {include.region!r} in {include.path}")
    assert problems == []


def test_every_included_file_is_run_by_a_test() -> None:
    untested = sorted(
        {i.path for i in find_includes(DOCS_DIR) if not covering_tests(i.path, ROOT)}
    )
    assert untested == []


def test_every_snippet_file_is_shown_on_a_page() -> None:
    included = {include.path for include in find_includes(DOCS_DIR)}
    unused = [
        path.relative_to(ROOT).as_posix()
        for path in _snippet_files()
        if path.relative_to(ROOT).as_posix() not in included
    ]
    assert unused == []


def test_every_snippet_file_has_a_test_named_after_it() -> None:
    assert _snippet_files(), "snippets/ is empty"
    missing = [
        path.relative_to(ROOT).as_posix()
        for path in _snippet_files()
        if not covering_tests(path.relative_to(ROOT).as_posix(), ROOT)
    ]
    assert missing == []


def test_every_python_block_is_included_or_executed_or_says_why_not() -> None:
    problems = [
        f"{example.path.relative_to(ROOT)}:{example.start_line}"
        for example in find_examples(DOCS_DIR)
        if example.prefix_settings().get("test") == "skip"
        and not example.prefix_settings().get("reason")
    ]
    assert problems == []
