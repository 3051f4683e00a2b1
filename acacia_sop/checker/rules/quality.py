"""Code quality: ruff configuration, type hints and naming."""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath
from typing import Any

from acacia_sop.checker.astutil import FunctionNode
from acacia_sop.checker.model import Finding
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.rules._text import line_of

LINE_LENGTH = 88
SNAKE = re.compile(r"^_{0,2}[a-z][a-z0-9_]*$")
PASCAL = re.compile(r"^_?[A-Z][A-Za-z0-9]*$")
UPPER = re.compile(r"^_{0,2}[A-Z][A-Z0-9_]*$")
DUNDER = re.compile(r"^__[a-z0-9_]+__$")


def ruff_config(repo: ServiceRepo) -> tuple[str, dict[str, Any]] | None:
    """Where ruff is configured and its settings: ruff.toml or pyproject.toml."""
    for name in ("ruff.toml", ".ruff.toml"):
        config = repo.toml(name)
        if config is not None:
            return name, config
    config = repo.tool_config("ruff")
    return ("pyproject.toml", config) if config is not None else None


@check("STR-04", "ruff configured", "[tool.ruff] in pyproject.toml or a ruff.toml")
def check_ruff_configured(repo: ServiceRepo) -> list[Finding]:
    """STR-04: ruff is configured for the repository."""
    if ruff_config(repo) is not None:
        return []
    return [
        Finding(
            "pyproject.toml",
            None,
            "ruff is not configured: add [tool.ruff] (line-length = 88) and "
            "[tool.ruff.lint] select",
        )
    ]


@check("STY-02", "88-column lines", "ruff's line-length (88, its default)")
def check_line_length(repo: ServiceRepo) -> list[Finding]:
    """STY-02: ruff's line length is 88 (its default when unset)."""
    found = ruff_config(repo)
    if found is None:
        return []
    file, config = found
    length = config.get("line-length", LINE_LENGTH)
    if length == LINE_LENGTH:
        return []
    return [
        Finding(
            file,
            line_of(repo.text(file), "line-length"),
            f"line-length is {length}: set `line-length = {LINE_LENGTH}`",
        )
    ]


def _methods(tree: ast.Module) -> set[int]:
    """ids of functions defined directly in a class body."""
    return {
        id(item)
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def _missing_hints(function: FunctionNode, is_method: bool) -> list[str]:
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    static = any(
        isinstance(d, ast.Name) and d.id == "staticmethod"
        for d in function.decorator_list
    )
    if is_method and not static and positional:
        positional = positional[1:]
    every = [*positional, *args.kwonlyargs]
    every += [a for a in (args.vararg, args.kwarg) if a is not None]
    missing = [a.arg for a in every if a.annotation is None]
    if function.returns is None:
        missing.append("return type")
    return missing


@check(
    "STY-01",
    "Type hints on every function",
    "every def: parameters (not self/cls) and return type annotated; a Python file "
    "that does not parse is reported here (no check can read it)",
)
def check_type_hints(repo: ServiceRepo) -> list[Finding]:
    """STY-01: every function annotates its parameters and return type.

    A Python file that does not read or parse can't be checked by any rule;
    it is reported here, once (its functions' hints can't be verified).
    """
    findings = [
        Finding(
            file,
            line,
            f"does not parse ({reason}): fix it; no check can read this file",
        )
        for file, (line, reason) in repo.parse_errors.items()
    ]
    for file, tree in repo.trees(repo.python_files):
        methods = _methods(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                missing = _missing_hints(node, id(node) in methods)
                if missing:
                    findings.append(
                        Finding(
                            file,
                            node.lineno,
                            f"`{node.name}` lacks type hints for "
                            f"{', '.join(missing)}: annotate them",
                        )
                    )
    return findings


def _is_literal(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp):
        return _is_literal(node.operand)
    return isinstance(node, ast.Constant) and node.value is not None


def _is_final(annotation: ast.expr) -> bool:
    text = ast.unparse(annotation)
    return text == "Final" or text.startswith(("Final[", "typing.Final"))


def _naming_in_module(file: str, tree: ast.Module) -> list[Finding]:
    findings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not (SNAKE.match(node.name) or DUNDER.match(node.name)):
                findings.append(
                    Finding(
                        file, node.lineno, f"function `{node.name}`: use snake_case"
                    )
                )
        elif isinstance(node, ast.ClassDef) and not PASCAL.match(node.name):
            findings.append(
                Finding(file, node.lineno, f"class `{node.name}`: use PascalCase")
            )
    for statement in tree.body:
        targets: list[ast.expr] = []
        constant = False
        if isinstance(statement, ast.Assign):
            targets, constant = statement.targets, _is_literal(statement.value)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets = [statement.target]
            constant = _is_literal(statement.value) or _is_final(statement.annotation)
        for target in targets:
            if (
                constant
                and isinstance(target, ast.Name)
                and not UPPER.match(target.id)
                and not DUNDER.match(target.id)
            ):
                findings.append(
                    Finding(
                        file,
                        statement.lineno,
                        f"module constant `{target.id}`: use UPPER_CASE",
                    )
                )
    return findings


@check(
    "STY-04",
    "Naming conventions",
    "snake_case files and functions, PascalCase classes, UPPER_CASE module-level "
    "literal constants",
)
def check_naming(repo: ServiceRepo) -> list[Finding]:
    """STY-04: snake_case files and functions, PascalCase classes, UPPER constants."""
    findings = []
    for file in repo.python_files:
        stem = PurePosixPath(file).stem
        if not (SNAKE.match(stem) or DUNDER.match(stem)):
            findings.append(Finding(file, None, "file name: use snake_case.py"))
    for file, tree in repo.trees(repo.python_files):
        findings.extend(_naming_in_module(file, tree))
    return findings
