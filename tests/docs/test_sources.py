"""Every code block on the site is real code that a test runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_examples import find_examples

from acacia_sop.sources import (
    covering_tests,
    find_includes,
    included_spec,
    is_block_include,
    region_exists,
)
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


def test_no_page_uses_the_block_form_of_includes() -> None:
    offenders = [
        f"{page.relative_to(ROOT)}:{number}"
        for page in sorted(DOCS_DIR.rglob("*.md"))
        for number, line in enumerate(page.read_text("utf-8").splitlines(), 1)
        if is_block_include(line)
    ]
    assert offenders == []


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
    included, executed, problems = 0, 0, []
    for example in find_examples(DOCS_DIR):
        where = f"{example.path.relative_to(ROOT)}:{example.start_line}"
        lines = [line for line in example.source.splitlines() if line.strip()]
        settings = example.prefix_settings()
        if any(included_spec(line) for line in lines):
            included += 1
            if not all(included_spec(line) for line in lines):
                problems.append(f"{where}: retyped code next to an include")
        elif settings.get("test") == "skip":
            if not settings.get("reason"):
                problems.append(f'{where}: test="skip" needs reason="..."')
        else:
            executed += 1  # run by test_inline_examples.py
    assert problems == []
    assert included >= 10, "expected pages to include real files"
    assert executed >= 1, "expected at least one inline example"
