"""Where each code block on the site comes from, and which test runs it.

Pages include real files with pymdownx.snippets (``--8<-- "path:region"``).
This module finds those includes and maps every included file to the test
modules that execute it, so each block can say so under itself.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

INCLUDE_LINE = re.compile(r'^\s*-{1,}8<-{1,} "(?P<spec>[^"]+)"\s*$')
FENCE_LINE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
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
    path, _, rest = spec.partition(":")
    if not rest or rest.replace(":", "").isdigit():
        return path, None
    return path, rest


def includes_in_text(text: str, page: str) -> list[Include]:
    """Return every include line of one page."""
    found: list[Include] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = INCLUDE_LINE.match(line)
        if match:
            path, region = parse_spec(match["spec"])
            found.append(Include(path, region, page, number))
    return found


def find_includes(docs_dir: Path) -> list[Include]:
    """Return every include of every page under ``docs_dir``."""
    found: list[Include] = []
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        found.extend(includes_in_text(path.read_text(encoding="utf-8"), page))
    return found


def region_exists(file_text: str, region: str) -> bool:
    """Whether a file has both markers of a named region."""
    return all(
        REGION_MARKER.format(kind=kind, name=region) in file_text
        for kind in ("start", "end")
    )


def _test_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for test_root in TEST_ROOTS:
        files.extend(sorted((root / test_root).rglob("test_*.py")))
    return files


@cache
def _imported_modules(test_file: Path) -> frozenset[str]:
    tree = ast.parse(test_file.read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(modules)


def _module_name(path: str) -> str | None:
    """``examples/acacia-service/app/core/config.py`` -> ``app.core.config``."""
    parts = Path(path).with_suffix("").parts
    if parts[:1] == ("snippets",):
        return ".".join(parts)
    if parts[:1] == ("examples",) and len(parts) > 2:
        return ".".join(p for p in parts[2:] if p != "__init__")
    return None


def tests_for(path: str, root: Path) -> list[str]:
    """Return the test modules (relative to ``root``) that run the file at ``path``.

    A snippet ``snippets/<topic>/<name>.py`` is run by
    ``tests/snippets/test_<topic>_<name>.py``; any other file by the test modules
    named after it, else by those that import it (Python) or name it (others).
    """
    file = Path(path)
    if file.parts[:1] == ("snippets",) and len(file.parts) == 3:
        expected = root / "tests" / "snippets" / f"test_{file.parts[1]}_{file.stem}.py"
        return [expected.relative_to(root).as_posix()] if expected.exists() else []
    candidates = _test_files(root)
    named = [t for t in candidates if t.stem == f"test_{file.stem.lower()}"]
    if named:
        return [t.relative_to(root).as_posix() for t in named]
    module = _module_name(path)
    if file.suffix == ".py" and module:
        users = [t for t in candidates if module in _imported_modules(t)]
    else:
        users = [
            t
            for t in candidates
            if f'"{file.name}"' in t.read_text(encoding="utf-8")
            or f'"{path}"' in t.read_text(encoding="utf-8")
        ]
    return [t.relative_to(root).as_posix() for t in users]


def caption(path: str, tests: list[str]) -> str:
    """The HTML line shown under an included block."""
    shown = ", ".join(f"<code>{test}</code>" for test in tests[:2])
    if len(tests) > 2:
        shown += f" and {len(tests) - 2} more"
    return (
        f'<p class="code-source"><code>{path}</code> · tested by {shown}</p>'
        if tests
        else f'<p class="code-source"><code>{path}</code> · not tested</p>'
    )
