"""Every code block on the site is real code that a test runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild.includes import (
    FencedBlock,
    covering_tests,
    fenced_blocks,
    find_includes,
    included_spec,
    is_block_include,
    region_exists,
)
from tests.conftest import DOCS_DIR, ROOT

pytestmark = pytest.mark.docs

SNIPPETS_DIR = ROOT / "snippets"


def _snippet_files() -> list[Path]:
    return sorted(SNIPPETS_DIR.rglob("*.py"))


def test_every_output_file_belongs_to_a_snippet() -> None:
    outputs = sorted(SNIPPETS_DIR.rglob("*.out"))
    assert outputs
    assert [o for o in outputs if not o.with_suffix(".py").is_file()] == []


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
        {
            i.path
            for i in find_includes(DOCS_DIR)
            if not i.path.startswith("diagrams/") and not covering_tests(i.path, ROOT)
        }
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


def _page_blocks() -> list[FencedBlock]:
    return [
        block
        for page in sorted(DOCS_DIR.rglob("*.md"))
        for block in fenced_blocks(page.read_text("utf-8"), page.name)
    ]


def test_no_code_block_is_typed_only_on_a_page() -> None:
    blocks = _page_blocks()
    assert len(blocks) >= 50
    typed = [
        f"{block.page}:{block.line} ({block.info})"
        for block in blocks
        if not all(included_spec(line) for line in block.body if line.strip())
        or not any(line.strip() for line in block.body)
    ]
    assert typed == []


def test_typed_code_is_caught_next_to_an_include() -> None:
    text = '```bash\n--8<-- "commands/quality_gate.sh"\nrm -rf /\n```\n'
    (block,) = fenced_blocks(text, "x.md")
    assert block.body == ('--8<-- "commands/quality_gate.sh"', "rm -rf /")
    assert not all(included_spec(line) for line in block.body)


def test_each_diagram_has_one_source_file_and_every_page_includes_it() -> None:
    diagrams = [b for b in _page_blocks() if b.info == "mermaid"]
    assert len(diagrams) >= 6
    included = {included_spec(b.body[0]) for b in diagrams}
    assert included == {
        path.relative_to(ROOT).as_posix() for path in (ROOT / "diagrams").glob("*.mmd")
    }


def test_python_blocks_are_runnable_snippets_or_excerpts_of_real_files() -> None:
    python = [b for b in _page_blocks() if b.info == "python"]
    runnable = {
        spec
        for b in python
        if (spec := included_spec(b.body[0]))
        and ":" not in spec
        and spec.startswith("snippets/")
    }
    assert len(runnable) >= 15
    assert all(included_spec(b.body[0]) for b in python)
