"""Which test executed which line: read from recorded coverage contexts.

``make test`` (and ``make coverage-data`` before a build) runs the snippet
tests and the reference service's tests with ``--cov-context=test``; each
writes a coverage data file under ``.coverage-contexts/``. A line's tests are
the contexts that executed it; lines run only while importing a module (the
empty context) credit no test. Every function takes the repository root the
build or the test passes in; what is read from it is cached per root.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from coverage import CoverageData

CONTEXTS_DIR = ".coverage-contexts"
# Data file -> where its test ids are relative to (each suite's own root).
DATA_FILES = {"snippets": "", "service": "examples/acacia-service/"}
PHASE = re.compile(r"\|(setup|run|teardown)$")
PARAMETERS = re.compile(r"\[.*\]$")
TEST_CODE_DIRS = ("tests", "smoke")


class MissingCoverageDataError(RuntimeError):
    """No recorded contexts: run ``make coverage-data`` (``make test`` does)."""


def name_of_test(context: str, root: str = "") -> str:
    """``tests/a.py::test_b[motor]|run`` -> ``<root>tests/a.py::test_b``."""
    return root + PARAMETERS.sub("", PHASE.sub("", context))


@cache
def _line_tests(root: Path) -> dict[str, dict[int, frozenset[str]]]:
    """Repository-relative path -> line -> the tests that executed that line."""
    found: dict[str, dict[int, frozenset[str]]] = {}
    for name, test_root in DATA_FILES.items():
        data_file = root / CONTEXTS_DIR / name
        if not data_file.is_file():
            raise MissingCoverageDataError(
                f"no coverage contexts in {CONTEXTS_DIR}/{name}: "
                "run `make coverage-data` (or `make test`) first"
            )
        data = CoverageData(basename=str(data_file))
        data.read()
        for measured in data.measured_files():
            path = Path(measured).resolve()
            if not path.is_relative_to(root):
                continue
            lines = found.setdefault(path.relative_to(root).as_posix(), {})
            for line, contexts in data.contexts_by_lineno(measured).items():
                tests = frozenset(name_of_test(c, test_root) for c in contexts if c)
                lines[line] = lines.get(line, frozenset()) | tests
    return found


def forget_coverage() -> None:
    """Read the data files and test modules again on the next build (``mkdocs
    serve``)."""
    _line_tests.cache_clear()
    _function_lines.cache_clear()


def region_lines(text: str, region: str | None) -> range:
    """1-based line numbers of a named region's body (the whole file for None)."""
    lines = text.splitlines()
    if region is None:
        return range(1, len(lines) + 1)
    start = lines.index(next(x for x in lines if f"--8<-- [start:{region}]" in x))
    end = lines.index(next(x for x in lines if f"--8<-- [end:{region}]" in x))
    return range(start + 2, end + 1)


def _tests_defined_in(text: str, lines: range, path: str) -> set[str]:
    """Test functions a region of a test module defines: they run themselves."""
    return {
        f"{path}::{node.name}"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.name.startswith("test_")
        and node.lineno in lines
    }


def tests_for_lines(root: Path, path: str, lines: Iterable[int]) -> dict[str, int]:
    """Tests that executed at least one of ``lines``, with how many they ran."""
    measured = _line_tests(root.resolve()).get(path, {})
    counts: dict[str, int] = {}
    for line in lines:
        for test in measured.get(line, frozenset()):
            counts[test] = counts.get(test, 0) + 1
    return counts


def _words(name: str) -> set[str]:
    return {word[:5] for word in Path(name).stem.split("_") if word != "test"}


def rank_tests(path: str, counts: dict[str, int]) -> list[str]:
    """Most telling first: tests whose module is named like the file, then
    the tests that ran more of the region's lines, then by name."""
    file_words = _words(path)

    def key(test: str) -> tuple[bool, int, str]:
        named_alike = bool(file_words & _words(test.partition("::")[0]))
        return (not named_alike, -counts[test], test)

    return sorted(counts, key=key)


def region_tests(root: Path, path: str, region: str | None) -> list[str]:
    """The tests that ran a region of a file (a test module's own tests count)."""
    text = (root / path).read_text("utf-8")
    lines = region_lines(text, region)
    counts = tests_for_lines(root, path, lines)
    if any(part in TEST_CODE_DIRS for part in Path(path).parts[:-1]):
        for test in _tests_defined_in(text, lines, path):
            counts[test] = max(counts.get(test, 0), len(lines))
    return rank_tests(path, counts)


@cache
def _function_lines(file: Path) -> dict[str, int]:
    """Function name -> the line of its first definition in ``file``.

    Each module is parsed once per build, however many of its tests the pages
    link to.
    """
    lines: dict[str, int] = {}
    for node in ast.walk(ast.parse(file.read_text("utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines.setdefault(node.name, node.lineno)
    return lines


def test_line(root: Path, test: str) -> int | None:
    """The line where a test function (``path::name``) is defined."""
    path, _, name = test.partition("::")
    file = root / path
    if not file.is_file():
        return None
    return _function_lines(file.resolve()).get(name)


def is_measured(root: Path, path: str) -> bool:
    """Whether coverage recorded this file at all (Python files tests import)."""
    return path in _line_tests(root.resolve())
