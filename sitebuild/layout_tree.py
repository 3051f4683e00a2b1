"""The repository layout tree, drawn from the reference service's real files.

The files are the ones a generated service gets (what the service's
``.gitignore`` keeps: no virtual environment, caches or local settings).
Each Python module of ``app/`` is annotated with the first line of its
docstring, so the tree says what every file is for in the file's own words.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from acacia_sop.starter.template import service_files

LAYOUT_TREE_MARKER = "<!-- acacia-sop:layout-tree -->"
COMMENT_COLUMN = 34

Tree = dict[str, "Tree"]
"""A folder: each entry's name, and a sub-folder's own entries (a file has none)."""


def _summary(file: Path, service_dir: Path) -> str:
    """First docstring line of an ``app/`` module that has more than a docstring."""
    if file.suffix != ".py" or "app" not in file.relative_to(service_dir).parts:
        return ""
    docstring = ast.get_docstring(ast.parse(file.read_text("utf-8"))) or ""
    first = docstring.splitlines()[0] if docstring else ""
    return first.rstrip(".").replace("``", "")


def _nest(files: Iterable[Path]) -> Tree:
    """Relative file paths as a tree of folders (a folder always holds a file)."""
    root: Tree = {}
    for file in files:
        folder = root
        for part in file.parts:
            folder = folder.setdefault(part, {})
    return root


def tree_lines(
    tree: Tree, directory: Path, service_dir: Path, prefix: str = ""
) -> list[str]:
    """``tree``-style lines for ``tree``, the entries of ``directory``.

    Folders first, then files, each sorted by name.
    """
    lines: list[str] = []
    names = sorted(tree, key=lambda name: (not tree[name], name))
    for index, name in enumerate(names):
        last = index == len(names) - 1
        entry, is_folder = directory / name, bool(tree[name])
        line = f"{prefix}{'└── ' if last else '├── '}{name}{'/' if is_folder else ''}"
        summary = "" if is_folder else _summary(entry, service_dir)
        if summary:
            line = f"{line.ljust(COMMENT_COLUMN)} # {summary}"
        lines.append(line)
        if is_folder:
            indent = prefix + ("    " if last else "│   ")
            lines.extend(tree_lines(tree[name], entry, service_dir, indent))
    return lines


def render_layout_tree(service_dir: Path) -> str:
    """A fenced ``text`` block with the service's whole tree."""
    root = f"{service_dir.name}/"
    tree = _nest(service_files(service_dir))
    body = "\n".join([root, *tree_lines(tree, service_dir, service_dir)])
    title = f"{root} (generated from the real tree)"
    return f'```{{.text .generated title="{title}"}}\n{body}\n```'
