"""Where each code block on the site comes from, and which test runs it.

Pages include real files with pymdownx.snippets (``--8<-- "path:region"``).
This module finds those includes and maps every included file to the test
modules that execute it, so each block can say so under itself.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pymdownx.snippets import SnippetPreprocessor

from acacia_sop.markdown import fences

# pymdownx.snippets' own patterns, so every include it expands is seen here.
SNIPPET_LINE = SnippetPreprocessor.RE_ALL_SNIPPETS
SNIPPET_FILE = SnippetPreprocessor.RE_SNIPPET_FILE
REGION_MARKER = "--8<-- [{kind}:{name}]"
TEST_ROOTS = ("tests", "examples/acacia-service/tests")


@dataclass(frozen=True)
class Include:
    """One ``--8<--`` include: the file, the optional region, where it is used."""

    path: str
    region: str | None
    page: str
    line: int


def parse_spec(spec: str) -> tuple[str, str | None]:
    """Split ``path:region`` (or ``path:10:20``) into path and region name."""
    match = SNIPPET_FILE.match(spec)
    assert match is not None  # the pattern matches any string
    region = match.group(3)
    return match.group(1), region[1:] if region else None


def included_spec(line: str) -> str | None:
    """The ``path[:region]`` of an inline include line, or None."""
    match = SNIPPET_LINE.match(line)
    if not match or match["escape"] or not match["inline_marker"]:
        return None
    return str(match["snippet"])[1:-1]


def is_block_include(line: str) -> bool:
    """Whether a line opens or closes the block form of an include (``--8<--``)."""
    match = SNIPPET_LINE.match(line)
    return bool(match and not match["escape"] and match["block_marker"])


@dataclass(frozen=True)
class FencedBlock:
    """A fenced code block of a page: where it opens, its info string, its body."""

    page: str
    line: int
    info: str
    body: tuple[str, ...]


def fenced_blocks(text: str, page: str) -> list[FencedBlock]:
    """Every fenced code block of a page, in rule boxes and tabs too."""
    return [
        FencedBlock(
            page, fence.map[0] + 1, fence.info, tuple(fence.content.splitlines())
        )
        for fence in fences(text)
        if fence.map is not None
    ]


def includes_in_text(text: str, page: str) -> list[Include]:
    """Return every include line of one page."""
    found: list[Include] = []
    for number, line in enumerate(text.splitlines(), start=1):
        spec = included_spec(line)
        if spec is not None:
            path, region = parse_spec(spec)
            found.append(Include(path, region, page, number))
    return found


def find_includes(docs_dir: Path) -> list[Include]:
    """Return every include of every page under ``docs_dir``."""
    found: list[Include] = []
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        found.extend(includes_in_text(path.read_text(encoding="utf-8"), page))
    return found


def region_title(path: Path, region: str) -> str | None:
    """What a script's region does: the comment line right above its start marker.

    ``# Install acacia-sop into its own virtual environment`` above
    ``# --8<-- [start:install]`` titles the excerpt ``install``; None when the
    line above is no comment (or the file or region is missing).
    """
    marker = REGION_MARKER.format(kind="start", name=region)
    lines = path.read_text("utf-8").splitlines() if path.is_file() else []
    for above, line in zip(["", *lines], lines, strict=False):
        if line.strip().endswith(marker):
            comment = above.strip()
            text = comment.removeprefix("#").strip()
            return text if comment.startswith("#") and text else None
    return None


FILENAME_SPAN = re.compile(r'(<span class="filename">)(.*?)(</span>)', re.DOTALL)
BACKTICKED = re.compile(r"`([^`<]+)`")


def code_in_titles(html: str) -> str:
    """Inline code in code blocks' titles: ```region``` becomes ``<code>``.

    A fence's ``title`` is set as plain text, so backticks in it would show.
    """
    return FILENAME_SPAN.sub(
        lambda m: m[1] + BACKTICKED.sub(r"<code>\1</code>", m[2]) + m[3], html
    )


LINE_LINK = re.compile(r'<a href="#(__codelineno-\d+-(\d+))"><span class="linenos"')


def named_line_links(html: str) -> str:
    """Name each line number's link ("Line 12"): its number is only drawn by CSS.

    With line numbers inside the code (``linenums_style: pymdownx-inline``)
    the link holds an empty span, which a screen reader would read as nothing.
    """
    return LINE_LINK.sub(
        r'<a href="#\1" aria-label="Line \2"><span class="linenos"', html
    )


def region_exists(file_text: str, region: str) -> bool:
    """Whether a file has both markers of a named region."""
    return all(
        REGION_MARKER.format(kind=kind, name=region) in file_text
        for kind in ("start", "end")
    )


@dataclass(frozen=True)
class _TestModule:
    """A test module as ``covering_tests`` needs it: where, its text, its imports."""

    path: Path
    text: str
    imports: frozenset[str]


@cache
def _test_modules(root: Path) -> tuple[_TestModule, ...]:
    """Every test module under the test roots, read once per build."""
    return tuple(
        _TestModule(path, path.read_text("utf-8"), imported_modules(path))
        for test_root in TEST_ROOTS
        for path in sorted((root / test_root).resolve().rglob("test_*.py"))
    )


@cache
def imported_modules(source_file: Path) -> frozenset[str]:
    """Modules a file imports, with ``from a import b`` also counted as ``a.b``."""
    tree = ast.parse(source_file.read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(modules)


@cache
def _service_modules(service_dir: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of one example service."""
    found: dict[str, Path] = {}
    for file in service_dir.rglob("*.py"):
        relative = file.relative_to(service_dir).with_suffix("").parts
        found[".".join(p for p in relative if p != "__init__")] = file
    return found


def forget_sources() -> None:
    """Drop what was read from disk, so the next build sees edited files."""
    for cached in (_test_modules, imported_modules, _service_modules):
        cached.cache_clear()


def _module_name(path: str) -> str | None:
    """``examples/acacia-service/app/core/config.py`` -> ``app.core.config``."""
    parts = Path(path).with_suffix("").parts
    if parts[:1] == ("snippets",):
        return ".".join(parts)
    if parts[:1] == ("examples",) and len(parts) > 2:
        return ".".join(p for p in parts[2:] if p != "__init__")
    return None


def _reaches(test: _TestModule, module: str, modules: dict[str, Path]) -> bool:
    """Whether ``test`` imports ``module``, directly or through other modules."""
    seen: set[str] = set()
    pending = set(test.imports)
    while pending:
        name = pending.pop()
        if name == module:
            return True
        if name in seen or name not in modules:
            continue
        seen.add(name)
        pending.update(imported_modules(modules[name]))
    return False


def _relative(files: list[Path], root: Path) -> list[str]:
    return [file.relative_to(root).as_posix() for file in files]


def covering_tests(path: str, root: Path) -> list[str]:
    """Return the test modules (relative to ``root``) that run the file at ``path``.

    A snippet ``snippets/<topic>/<name>.py`` is run by
    ``tests/snippets/test_<topic>_<name>.py``. Any other file, first match wins:
    it is a test module itself; it is a ``conftest.py`` (the tests beside it);
    test modules named after it; test modules that import it; test modules that
    name it in a string (files loaded by name, like migrations or a Dockerfile);
    test modules that import it through other modules. A file of an example
    service is only credited to that service's own tests.
    """
    root = root.resolve()
    file = Path(path)
    if file.parts[:1] == ("snippets",) and len(file.parts) == 3:
        expected = root / "tests" / "snippets" / f"test_{file.parts[1]}_{file.stem}.py"
        return _relative([expected], root) if expected.exists() else []
    absolute = root / file
    tests = _test_modules(root)
    if absolute in {test.path for test in tests}:
        return [file.as_posix()]
    if file.name == "conftest.py":
        return _relative(sorted(absolute.parent.rglob("test_*.py")), root)
    service = root.joinpath(*file.parts[:2]) if file.parts[0] == "examples" else None
    if service is not None:
        tests = tuple(t for t in tests if t.path.is_relative_to(service))
    modules = _service_modules(service) if service is not None else {}
    module = _module_name(path) if file.suffix == ".py" else None
    quoted = {f'"{name}"' for name in (file.name, file.stem, path)}
    rules: list[Callable[[_TestModule], bool]] = [
        lambda test: test.path.stem == f"test_{file.stem.lower()}",
        lambda test: module is not None and module in test.imports,
        lambda test: any(name in test.text for name in quoted),
        lambda test: module is not None and _reaches(test, module, modules),
    ]
    for rule in rules:
        matches = [test.path for test in tests if rule(test)]
        if matches:
            return _relative(matches, root)
    return []
