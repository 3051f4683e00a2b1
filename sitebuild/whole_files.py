"""Generated source pages: the whole file behind every block a page shows.

Each included file gets ``source/<path>.md``: which tests run it, the regions
the site shows with the tests that ran each one, then the complete file with
line numbers. Captions under the blocks link here. Paths are relative to the
repository root that the build passes in.
"""

from __future__ import annotations

import ast
import posixpath
from pathlib import Path

from sitebuild.coverage_map import is_measured, region_lines, region_tests, test_line
from sitebuild.includes import covering_tests

LANGUAGES = {".py": "python", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
SHOWN_TESTS = 3


def source_page_uri(path: str) -> str:
    """Where the source page of ``path`` lives among the docs: ``source/<path>.md``."""
    return f"source/{path}.md"


def region_anchor(region: str | None) -> str:
    """The anchor of a region's section on the source page."""
    return f"region-{region}" if region else "whole-file"


def language(path: str) -> str:
    """The highlighter's language for a file."""
    name = Path(path).name
    return (
        "dockerfile"
        if name == "Dockerfile"
        else LANGUAGES.get(Path(path).suffix, "text")
    )


def tests_of(root: Path, path: str, region: str | None) -> list[str]:
    """Tests that ran a region: coverage contexts, or for files no test process
    measures (YAML, a Dockerfile, files a test runs in a subprocess) the test
    modules that name the file."""
    if is_measured(root, path):
        return region_tests(root, path, region)
    return covering_tests(path, root)


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative Markdown link target between two docs pages."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


def short_name(test: str) -> str:
    """``tests/test_api/test_auth.py::test_login`` -> ``test_auth.py::test_login``."""
    module, _, function = test.partition("::")
    return f"{posixpath.basename(module)}::{function}" if function else module


def test_link(root: Path, from_page: str, test: str) -> str:
    """A Markdown link to the line where a test is defined, on its source page."""
    module, _, name = test.partition("::")
    anchor = name if test_line(root, test) else ""
    return f"[`{short_name(test)}`]({link(from_page, source_page_uri(module), anchor)})"


def test_modules(tests: list[str]) -> set[str]:
    """The test modules (repository paths) of a list of tests."""
    return {test.partition("::")[0] for test in tests}


def test_list(root: Path, tests: list[str], more_href: str, from_page: str) -> str:
    """Up to three tests, each linked to its code, then "+N more" (the full list)."""
    shown = ", ".join(test_link(root, from_page, t) for t in tests[:SHOWN_TESTS])
    hidden = len(tests) - SHOWN_TESTS
    return f"{shown} [+{hidden} more]({more_href})" if hidden > 0 else shown


def render_source_page(root: Path, path: str, regions: list[str | None]) -> str:
    """The page showing all of ``path``, with the tests that run each shown region."""
    text = (root / path).read_text("utf-8")
    fence = "`" * max(3, _longest_backtick_run(text) + 1)
    lines = [
        # Whole files stay out of search: previews show the rules' prose.
        "---",
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# `{path}`",
        "",
        "The complete file that the site shows parts of, as it is in the",
        "repository. Each section below names the tests that executed the lines",
        "of one shown region (from recorded coverage contexts).",
        "",
    ]
    for region in sorted(set(regions), key=lambda r: r or ""):
        shown = region_lines(text, region) if region else None
        title = f"Region `{region}`" if region else "Whole file"
        where = f" (lines {shown.start} to {shown.stop - 1})" if shown else ""
        lines += [f"## {title}{where} {{#{region_anchor(region)}}}", ""]
        tests = tests_of(root, path, region)
        page = source_page_uri(path)
        lines += [f"- {test_link(root, page, test)}" for test in tests] or [
            "No test runs it."
        ]
        lines.append("")
    defined = _test_functions(text) if path.endswith(".py") else []
    if defined:
        lines += ["## Tests in this file", ""]
        for name, line in defined:
            lines += [f"### `{name}` {{#{name}}}", "", f"Line {line} below.", ""]
    lines += [
        "## Source",
        "",
        f'{fence}{language(path)} linenums="1" title="{path}"',
        text.rstrip("\n"),
        fence,
        "",
    ]
    return "\n".join(lines)


def _test_functions(text: str) -> list[tuple[str, int]]:
    """Test functions a module defines, with their lines, in file order."""
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    found = [
        (node.name, node.lineno)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, functions) and node.name.startswith("test_")
    ]
    return sorted(found, key=lambda item: item[1])


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest
