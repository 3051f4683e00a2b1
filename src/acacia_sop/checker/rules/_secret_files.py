"""Committed environment files and the string literals of the service's code."""

from __future__ import annotations

import ast
import os
import re
import subprocess
from pathlib import Path

from acacia_sop.checker.astutil import walk
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.rules._gitignore import ignore_patterns, is_ignored

PLACEHOLDER = re.compile(
    r"^$|^[<{$]|change|example|placeholder|your|dummy|xxx|replace|not-a-secret|"
    r"filled|^test[_-]|^my[_-]",
    re.IGNORECASE,
)


def string_literals(tree: ast.Module) -> list[ast.Constant]:
    return [
        node
        for node in walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def committed_env_files(repo: ServiceRepo) -> list[str]:
    """``.env*`` files other than ``.env.example`` that the repository holds.

    In a git repository: the tracked ones. Otherwise: those on disk in the
    service's folder and above it (to the repository root) that its
    ``.gitignore`` does not ignore. Paths are relative to the service.
    """
    return repo.memo("env-files", lambda: _committed_env_files(repo))


ENV_TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist")


def _is_env_file(name: str) -> bool:
    """``.env``, ``.env.production``; not a template (``.env.staging.example``)
    and not direnv's ``.envrc``."""
    return (name == ".env" or name.startswith(".env.")) and not name.endswith(
        ENV_TEMPLATE_SUFFIXES
    )


def _committed_env_files(repo: ServiceRepo) -> list[str]:
    """Environment files in the service (any subfolder) and the folders above."""
    above = [path for folder in repo.folders[1:] for path in folder.glob(".env*")]
    inside = [repo.root / file for file in repo.files_matching(".env*")]
    candidates = [
        path
        for path in sorted(set(above + inside))
        if path.is_file() and _is_env_file(path.name)
    ]
    tracked = _tracked(repo, candidates)
    if tracked is None:
        patterns = [
            pattern
            for file in reversed(repo.find_all_up(".gitignore"))
            for pattern in ignore_patterns(repo.text(file))
        ]
        tracked = [p for p in candidates if not is_ignored(p.name, patterns)]
    return [Path(os.path.relpath(path, repo.root)).as_posix() for path in tracked]


def _tracked(repo: ServiceRepo, paths: list[Path]) -> list[Path] | None:
    """Which of ``paths`` git tracks; ``None`` when this is not a git repository."""
    if not (repo.top / ".git").exists():
        return None
    if not paths:
        return []
    # git reads pathspecs from the repository root (-C), not the working directory
    relative = [os.path.relpath(path.absolute(), repo.top.absolute()) for path in paths]
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "-C", str(repo.top), "ls-files", "-z", "--", *relative],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    listed = {(repo.top / line).resolve() for line in done.stdout.split("\0") if line}
    return [path for path in paths if path.resolve() in listed]
