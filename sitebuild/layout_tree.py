"""The repository layout tree, drawn from the reference service's real files.

Each Python module of ``app/`` is annotated with the first line of its
docstring, so the tree says what every file is for in the file's own words.
"""

from __future__ import annotations

import ast
from pathlib import Path

LAYOUT_TREE_MARKER = "<!-- acacia-sop:layout-tree -->"
SKIPPED = {"__pycache__", ".data", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
SKIPPED_SUFFIXES = (".pyc",)
COMMENT_COLUMN = 34


def _summary(file: Path, service_dir: Path) -> str:
    """First docstring line of an ``app/`` module that has more than a docstring."""
    if file.suffix != ".py" or "app" not in file.relative_to(service_dir).parts:
        return ""
    docstring = ast.get_docstring(ast.parse(file.read_text("utf-8"))) or ""
    first = docstring.splitlines()[0] if docstring else ""
    return first.rstrip(".").replace("``", "")


def _visible(path: Path) -> bool:
    return (
        path.name not in SKIPPED
        and not path.name.startswith(".coverage")
        and path.suffix not in SKIPPED_SUFFIXES
    )


def _entries(directory: Path) -> list[Path]:
    """Folders first, then files, each sorted by name."""
    children = [child for child in directory.iterdir() if _visible(child)]
    return sorted(children, key=lambda child: (child.is_file(), child.name))


def tree_lines(directory: Path, service_dir: Path, prefix: str = "") -> list[str]:
    """``tree``-style lines for everything below ``directory`` of the service."""
    lines: list[str] = []
    entries = _entries(directory)
    for index, entry in enumerate(entries):
        last = index == len(entries) - 1
        name = entry.name + ("/" if entry.is_dir() else "")
        line = f"{prefix}{'└── ' if last else '├── '}{name}"
        summary = _summary(entry, service_dir) if entry.is_file() else ""
        if summary:
            line = f"{line.ljust(COMMENT_COLUMN)} # {summary}"
        lines.append(line)
        if entry.is_dir():
            indent = prefix + ("    " if last else "│   ")
            lines.extend(tree_lines(entry, service_dir, indent))
    return lines


def render_layout_tree(service_dir: Path) -> str:
    """A fenced ``text`` block with the service's whole tree."""
    root = f"{service_dir.name}/"
    body = "\n".join([root, *tree_lines(service_dir, service_dir)])
    title = f"{root} (generated from the real tree)"
    return f'```{{.text .generated title="{title}"}}\n{body}\n```'
