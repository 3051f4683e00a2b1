"""Run ruff once on a service with a fixed selection and map its codes to SOP IDs.

Ruff (a runtime dependency, run with the interpreter that runs the checker)
decides type hints, naming, hard-coded passwords, prints, blind excepts,
blocking calls in async code and FastAPI idioms. The service's own ruff
configuration is honoured for what it excludes and for ``ignore-names``; the
selection is ours (``--select`` overrides the service's).
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acacia_sop.checker.astutil import last_name, walk
from acacia_sop.checker.model import Finding
from acacia_sop.checker.names import resolve_class
from acacia_sop.checker.repo import ServiceRepo, is_test_file, module_name

SELECT = (
    "ANN001,ANN002,ANN003,ANN201,ANN202,ANN204,ANN205,ANN206,"
    "N,S105,S106,S107,S113,T201,BLE001,E722,ASYNC2,FAST003"
)
IGNORE = "N818"  # an "Error" suffix on exceptions is PEP 8 advice, not an SOP rule
EVERYWHERE, CODE, APP = "everywhere", "code", "app"
"""Where a code counts: every Python file, the service's code (not tests),
or only the application package (not scripts or tests)."""
RULES: tuple[tuple[str, str, str], ...] = (
    ("ANN", "STY-01", EVERYWHERE),
    ("N", "STY-04", EVERYWHERE),
    ("S105", "SEC-08", CODE),
    ("S106", "SEC-08", CODE),
    ("S107", "SEC-08", CODE),
    ("T201", "PERF-05", APP),
    ("ASYNC", "PERF-02", APP),  # ASYNC2xx: blocking calls in async functions
    ("BLE001", "PERF-04", APP),
    ("E722", "PERF-04", APP),
    ("S113", "PERF-04", APP),
    ("FAST", "API-03", APP),
)
CONFIG_FILES = ("ruff.toml", ".ruff.toml", "pyproject.toml")
CLASSMETHOD_DECORATORS = (
    "field_validator",
    "validator",
    "root_validator",
    "pydantic.field_validator",
    "pydantic.validator",
    "pydantic.root_validator",
)
CLI_IMPORT = re.compile(r"^\s*(?:import|from)\s+(?:argparse|click|typer)\b", re.M)
ENUM_HOOK = "def _generate_next_value_("
MODEL_BASES = frozenset(  # classes services extend with methods of their own
    {"BaseModel", "BaseSettings", "Document", "Model", "SQLModel", "Enum", "object"}
)  # Enum's hook takes no self, by design
TIMEOUT_SECONDS = 120
UNREADABLE = "unreadable"
FAILED_TO_LINT = re.compile(r"Failed to lint (?P<file>.+?): (?P<reason>.+)")


class RuffError(RuntimeError):
    """Ruff could not run on the service."""


@dataclass(frozen=True)
class Diagnostic:
    """One ruff finding, its file relative to the service."""

    code: str
    file: str
    line: int
    message: str
    column: int | None = None


def rule_of(code: str, file: str, packages: set[str]) -> str | None:
    """The SOP rule a ruff code maps to in ``file`` (``None``: it does not count).

    ``packages`` are the top folders of the application's code (``app``), or
    empty when the app is a flat module and every file counts.
    """
    for prefix, rule_id, scope in RULES:
        if not code.startswith(prefix):
            continue
        if scope == EVERYWHERE:
            return rule_id
        if is_test_file(file):
            return None
        in_app = not packages or file.split("/")[0] in packages
        return rule_id if scope == CODE or in_app else None
    return None


def _config(repo: ServiceRepo) -> Path | None:
    """The service's ruff configuration, looked up to the repository root."""
    folder = repo.root
    while True:
        for name in CONFIG_FILES:
            path = folder / name
            if not path.is_file():
                continue
            if name != "pyproject.toml" or "[tool.ruff" in path.read_text("utf-8"):
                return path
        if folder == repo.top or folder.parent == folder:
            return None
        folder = folder.parent


def _naming_overrides(config: Path | None) -> list[str]:
    """Pydantic validators take ``cls`` (keeping the service's own list), and
    ``__init__`` with typed arguments needs no ``-> None`` (as for mypy)."""
    naming: dict[str, Any] = {}
    if config is not None:
        try:
            data = tomllib.loads(config.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            data = {}
        root = (
            data.get("tool", {}).get("ruff", {})
            if config.name == "pyproject.toml"
            else data
        )
        naming = root.get("lint", {}).get("pep8-naming", {}) or root.get(
            "pep8-naming", {}
        )
    theirs = naming.get("classmethod-decorators", [])
    merged = sorted(
        {*CLASSMETHOD_DECORATORS, *(theirs if isinstance(theirs, list) else [])}
    )
    return [
        "--config",
        f"lint.pep8-naming.classmethod-decorators = {json.dumps(merged)}",
        "--config",  # like mypy: __init__ with typed arguments needs no -> None
        "lint.flake8-annotations.mypy-init-return = true",
    ]


def _run(repo: ServiceRepo, config: Path | None) -> subprocess.CompletedProcess[str]:
    settings = ["--config", str(config)] if config else ["--isolated"]
    settings += _naming_overrides(config)
    excluded = repo.config.exclude  # the report drops their findings anyway
    if not any(pattern.startswith("!") for pattern in excluded):  # no re-inclusion
        for pattern in excluded:
            settings += ["--extend-exclude", pattern.rstrip("/")]
    command = [
        sys.executable,
        "-m",
        "ruff",
        "check",
        *settings,
        "--select",
        SELECT,
        "--ignore",
        IGNORE,
        "--output-format",
        "json",
        "--no-cache",
        "--exit-zero",
        ".",
    ]
    return subprocess.run(  # noqa: S603 - fixed arguments, our interpreter
        command,
        cwd=repo.root,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def _diagnostics(repo: ServiceRepo) -> list[Diagnostic]:
    config = _config(repo)
    done = _run(repo, config)
    if done.returncode != 0 and config is not None:
        done = _run(repo, None)  # a configuration this ruff can't read
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuffError(f"ruff failed: {last}")
    found = []
    for item in json.loads(done.stdout or "[]"):
        file = Path(os.path.relpath(item["filename"], repo.root)).as_posix()
        code = item.get("code") or UNREADABLE  # a syntax or encoding error
        where = item["location"]
        found.append(
            Diagnostic(code, file, where["row"], item["message"], where["column"])
        )
    for failed in FAILED_TO_LINT.finditer(done.stderr):
        file = Path(os.path.relpath(repo.root / failed["file"], repo.root)).as_posix()
        found.append(Diagnostic(UNREADABLE, file, 1, failed["reason"]))
    return found


def unreadable_files(repo: ServiceRepo) -> set[str]:
    """Files ruff could not read (not UTF-8, or a syntax it does not know)."""
    every = repo.memo("ruff", lambda: _diagnostics(repo))
    return {d.file for d in every if d.code == UNREADABLE}


def diagnostics(repo: ServiceRepo, rule_id: str) -> list[Diagnostic]:
    """Ruff's findings for one SOP rule, ruff run once per repository."""
    every = repo.memo("ruff", lambda: _diagnostics(repo))
    packages = repo.app_packages
    return [
        d
        for d in every
        if rule_of(d.code, d.file, packages) == rule_id
        and not (d.code == "N805" and ENUM_HOOK in _line(repo, d))
        and not (d.code == "N802" and _overrides_a_library_method(repo, d))
        and not (_scope(d.code) == APP and _in_command_line_code(repo, d))
    ]


def _scope(code: str) -> str | None:
    return next((scope for prefix, _, scope in RULES if code.startswith(prefix)), None)


def _overrides_a_library_method(repo: ServiceRepo, diagnostic: Diagnostic) -> bool:
    """A method of a class built on a library class (``logging.Formatter``):
    its name is the library's (``formatMessage``), not the service's choice."""
    tree = repo.tree(diagnostic.file)
    module = module_name(diagnostic.file)
    for node in walk(tree) if tree else []:
        if isinstance(node, ast.ClassDef) and any(
            isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            and item.lineno == diagnostic.line
            for item in node.body
        ):
            return any(
                resolve_class(repo, module, base) is None
                and last_name(base) not in MODEL_BASES
                for base in node.bases
            )
    return False


def _in_command_line_code(repo: ServiceRepo, diagnostic: Diagnostic) -> bool:
    """Code a shell user runs, not a request: a script with a command-line
    parser (argparse, click, typer) that is not the app's module, or a line
    under ``if __name__ == "__main__":``."""
    file = diagnostic.file
    if file not in repo.app_modules and CLI_IMPORT.search(repo.text(file) or ""):
        return True
    tree = repo.tree(file)
    return any(
        isinstance(node, ast.If)
        and "__main__" in ast.unparse(node.test)
        and node.lineno <= diagnostic.line <= (node.end_lineno or node.lineno)
        for node in (tree.body if tree else [])
    )


def findings(repo: ServiceRepo, rule_id: str, fix: str) -> list[Finding]:
    """Ruff's findings for one SOP rule, each ending with what to do about it."""
    return [
        Finding(d.file, d.line, f"{d.message} (ruff {d.code}): {fix}", d.column)
        for d in diagnostics(repo, rule_id)
    ]


def _line(repo: ServiceRepo, diagnostic: Diagnostic) -> str:
    lines = (repo.text(diagnostic.file) or "").splitlines()
    return lines[diagnostic.line - 1] if diagnostic.line <= len(lines) else ""
