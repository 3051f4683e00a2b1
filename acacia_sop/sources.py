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


def _module_name(path: str) -> str | None:
    """``examples/acacia-service/app/core/config.py`` -> ``app.core.config``."""
    parts = Path(path).with_suffix("").parts
    if parts[:1] == ("snippets",):
        return ".".join(parts)
    if parts[:1] == ("examples",) and len(parts) > 2:
        return ".".join(p for p in parts[2:] if p != "__init__")
    return None


def _service_module_files(root: Path, path: str) -> dict[str, Path]:
    """Every module of the example service that holds ``path``."""
    parts = Path(path).parts
    if parts[:1] != ("examples",) or len(parts) < 3:
        return {}
    service = root / parts[0] / parts[1]
    found: dict[str, Path] = {}
    for file in service.rglob("*.py"):
        relative = file.relative_to(service).with_suffix("").parts
        found[".".join(p for p in relative if p != "__init__")] = file
    return found


def _reaches(test: Path, module: str, modules: dict[str, Path]) -> bool:
    """Whether ``test`` imports ``module``, directly or through other modules."""
    seen: set[str] = set()
    pending = set(imported_modules(test))
    while pending:
        name = pending.pop()
        if name == module:
            return True
        if name in seen or name not in modules:
            continue
        seen.add(name)
        pending.update(imported_modules(modules[name]))
    return False


def _inside(test: Path, modules: dict[str, Path]) -> bool:
    """Whether a test file belongs to the service whose modules are given."""
    return test.resolve() in {file.resolve() for file in modules.values()}


def _relative(files: list[Path], root: Path) -> list[str]:
    return [file.relative_to(root).as_posix() for file in files]


def covering_tests(path: str, root: Path) -> list[str]:
    """Return the test modules (relative to ``root``) that run the file at ``path``.

    A snippet ``snippets/<topic>/<name>.py`` is run by
    ``tests/snippets/test_<topic>_<name>.py``. Any other file, first match wins:
    it is a test module itself; it is a ``conftest.py`` (the tests beside it);
    test modules named after it; test modules that import it; test modules that
    name it in a string (files loaded by name, like migrations or a Dockerfile);
    test modules that import it through other modules.
    """
    root = root.resolve()
    file = Path(path)
    if file.parts[:1] == ("snippets",) and len(file.parts) == 3:
        expected = root / "tests" / "snippets" / f"test_{file.parts[1]}_{file.stem}.py"
        return _relative([expected], root) if expected.exists() else []
    candidates = _test_files(root)
    absolute = (root / file).resolve()
    if absolute in [test.resolve() for test in candidates]:
        return [file.as_posix()]
    if file.name == "conftest.py":
        return _relative(sorted(absolute.parent.rglob("test_*.py")), root)
    module = _module_name(path) if file.suffix == ".py" else None
    quoted = {f'"{name}"' for name in (file.name, file.stem, path)}
    modules = _service_module_files(root, path)
    own = [test for test in candidates if not modules or _inside(test, modules)]
    rules: list[tuple[list[Path], Callable[[Path], bool]]] = [
        (own, lambda test: test.stem == f"test_{file.stem.lower()}"),
        (own, lambda test: module is not None and module in imported_modules(test)),
        (candidates, lambda test: any(q in test.read_text("utf-8") for q in quoted)),
        (own, lambda test: module is not None and _reaches(test, module, modules)),
    ]
    for pool, rule in rules:
        matches = [test for test in pool if rule(test)]
        if matches:
            return _relative(matches, root)
    return []


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
