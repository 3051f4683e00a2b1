"""Generated source pages: the whole file behind every block a page shows.

Each included file gets ``source/<path>.md``: the complete file with line
numbers first, then, collapsed, the tests that ran each region the site shows
and the tests the file defines, each linked to its ``def`` line. Captions
under the blocks link here. Paths are relative to the repository root that
the build passes in.
"""

from __future__ import annotations

import ast
import posixpath
import re
from pathlib import Path

from pymdownx.snippets import SnippetPreprocessor

from sitebuild.coverage_map import is_measured, region_lines, region_tests, test_line
from sitebuild.includes import covering_tests

LANGUAGES = {".py": "python", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
SHOWN_TESTS = 3
# The line anchors of the first numbered block on a page (the source page's
# file): pymdownx.highlight's ``anchor_linenums``.
CODE_LINE_ANCHOR = "__codelineno-0-"
LINE_ANCHOR_ID = re.compile(r'<a id="(__codelineno-\d+-\d+)"')


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


def line_anchor(line: int) -> str:
    """The anchor of a line of a source page's file (its only numbered block)."""
    return f"{CODE_LINE_ANCHOR}{line}"


def code_line_anchors(html: str) -> set[str]:
    """The line anchors of a rendered page's numbered code blocks.

    MkDocs checks a link's anchor against the ids of the page's Markdown;
    highlighted code reaches the page as HTML it does not read.
    """
    return set(LINE_ANCHOR_ID.findall(html))


def test_link(root: Path, from_page: str, test: str) -> str:
    """A Markdown link to the ``def`` line of a test, on its module's source page."""
    module, _, _ = test.partition("::")
    line = test_line(root, test)
    anchor = line_anchor(line) if line else ""
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
    """The page showing all of ``path`` first, then (collapsed) the tests that
    ran each shown region and the tests the file defines."""
    text = (root / path).read_text("utf-8")
    fence = "`" * max(3, _longest_backtick_run(text) + 1)
    page = source_page_uri(path)
    lines = [
        # Whole files stay out of search: previews show the rules' prose.
        "---",
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# `{path}`",
        "",
        "The complete file, as it is in the repository; the tests that ran the",
        "parts the site shows are listed under it.",
        "",
        f'{fence}{language(path)} linenums="1" title="{path}"',
        verbatim(text.rstrip("\n")),
        fence,
        "",
    ]
    sections = []
    for region in sorted(set(regions), key=lambda r: r or ""):
        tests = [test_link(root, page, test) for test in tests_of(root, path, region)]
        ran = f"{len(tests)} test{'' if len(tests) == 1 else 's'} ran it"
        summary = f"{_region_name(text, region)}: {ran}"
        sections.append(
            _collapsed(region_anchor(region), summary, tests, "No test runs it.")
        )
    defined = _test_functions(text) if path.endswith(".py") else []
    if defined:
        sections.append(
            _collapsed(
                "tests-in-this-file",
                f"Tests this file defines ({len(defined)})",
                [
                    f"[`{name}`](#{line_anchor(line)}) (line {line})"
                    for name, line in defined
                ],
                "",
            )
        )
    if sections:
        lines += ["## Tests", "", *sections]
    return "\n".join(lines)


def _region_name(text: str, region: str | None) -> str:
    if region is None:
        return "Whole file"
    shown = region_lines(text, region)
    return f"Region <code>{region}</code> (lines {shown.start} to {shown.stop - 1})"


def _collapsed(anchor: str, summary: str, items: list[str], empty: str) -> str:
    """A closed ``<details>`` block with the anchor ``anchor`` and a list."""
    body = [f"- {item}" for item in items] or [empty]
    return "\n".join(
        [
            f'<details id="{anchor}" markdown="1">',
            f"<summary>{summary}</summary>",
            "",
            *body,
            "",
            "</details>",
            "",
        ]
    )


def verbatim(text: str) -> str:
    """``text`` with its snippet markers escaped, so the page shows every line.

    The snippets extension reads the page itself too: unescaped, it would drop
    a file's region markers and shift every later line number.
    """
    lines = text.split("\n")
    for number, line in enumerate(lines):
        found = SnippetPreprocessor.RE_ALL_SNIPPETS.match(
            line
        ) or SnippetPreprocessor.RE_SNIPPET_SECTION.match(line)
        if found:
            at = found.start("escape")
            lines[number] = f"{line[:at]};{line[at:]}"
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
