"""Routers mounted from modules imported by name in a loop.

``for name in ["items", "users"]: module = importlib.import_module(f"app.api.{name}")``
then ``app.include_router(module.router)``: with literal names, each module's
router is mounted; with names known only at run time, the routes can't be
listed, and the place says why.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from acacia_sop.checker.astutil import last_name, walk
from acacia_sop.checker.names import resolve_constant
from acacia_sop.checker.repo import ServiceRepo

IMPORTERS = ("import_module", "__import__")


@dataclass
class ImportedModules:
    """The loop variables bound to imported modules, and loops not followed."""

    modules: dict[str, list[str]] = field(default_factory=dict)
    """Variable holding the module -> the dotted module names it takes."""
    dynamic: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Variable -> (line, why) of a loop whose module names are not literals."""


def _template(node: ast.expr, variable: str) -> tuple[str, str] | None:
    """``f"app.api.{name}"``, ``"app.api." + name`` or ``name``: the text
    before and after the loop variable."""
    if isinstance(node, ast.Name) and node.id == variable:
        return "", ""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = node.left, node.right
        if isinstance(left, ast.Constant) and isinstance(left.value, str):
            inner = _template(right, variable)
            return None if inner is None else (left.value + inner[0], inner[1])
        if isinstance(right, ast.Constant) and isinstance(right.value, str):
            inner = _template(left, variable)
            return None if inner is None else (inner[0], inner[1] + right.value)
    if isinstance(node, ast.JoinedStr):
        parts = ["", ""]
        seen = 0
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts[seen] += value.value
            elif (
                isinstance(value, ast.FormattedValue)
                and isinstance(value.value, ast.Name)
                and value.value.id == variable
                and seen == 0
            ):
                seen = 1
            else:
                return None
        return (parts[0], parts[1]) if seen else None
    return None


def _names(repo: ServiceRepo, module: str, node: ast.expr) -> list[str] | None:
    """The strings a loop runs over, when written as literals (or a constant)."""
    if isinstance(node, ast.Name | ast.Attribute):
        found = resolve_constant(repo, module, node)
        node = found[1] if found else node
    if not isinstance(node, ast.List | ast.Tuple | ast.Set):
        return None
    names = [e.value for e in node.elts if isinstance(e, ast.Constant)]
    strings = [name for name in names if isinstance(name, str)]
    return strings if len(strings) == len(node.elts) else None


def imported_modules(
    repo: ServiceRepo, module: str, tree: ast.Module
) -> ImportedModules:
    """Modules imported by name inside ``for`` loops of a module."""
    found = ImportedModules()
    for loop in walk(tree):
        if not (isinstance(loop, ast.For) and isinstance(loop.target, ast.Name)):
            continue
        variable = loop.target.id
        for node in walk(loop):
            if not (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and last_name(node.value.func) in IMPORTERS
                and node.value.args
                and isinstance(node.targets[0], ast.Name)
            ):
                continue
            template = _template(node.value.args[0], variable)
            names = _names(repo, module, loop.iter)
            if template is None or names is None or node.value.keywords:
                why = (
                    "routers are mounted from modules imported by names known only "
                    f"at run time ({ast.unparse(node.value)} over "
                    f"{ast.unparse(loop.iter)})"
                )
                found.dynamic[node.targets[0].id] = (loop.lineno, why)
                continue
            before, after = template
            found.modules[node.targets[0].id] = [f"{before}{n}{after}" for n in names]
    return found
