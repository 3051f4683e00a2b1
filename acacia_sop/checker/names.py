"""Resolve names across a service's modules: constants and functions."""

from __future__ import annotations

import ast

from acacia_sop.checker.astutil import (
    FunctionNode,
    dotted,
    imports,
    module_constants,
    qualified,
)
from acacia_sop.checker.repo import ServiceRepo


def module_imports(repo: ServiceRepo, module: str) -> dict[str, str]:
    """The import map of a module, cached."""
    file = repo.modules.get(module, "")
    tree = repo.tree(file)
    if tree is None:
        return {}
    is_package = file.endswith("/__init__.py") or file == "__init__.py"
    return repo.memo(f"imports:{module}", lambda: imports(tree, module, is_package))


def _constants(repo: ServiceRepo, module: str) -> dict[str, ast.expr]:
    tree = repo.tree(repo.modules.get(module, ""))
    if tree is None:
        return {}
    return repo.memo(f"constants:{module}", lambda: module_constants(tree))


def _origin(repo: ServiceRepo, node: ast.expr, module: str) -> tuple[str, str]:
    full = qualified(node, module_imports(repo, module)) or ""
    owner, _, attr = full.rpartition(".")
    return owner, attr


def resolve_constant(
    repo: ServiceRepo, module: str, node: ast.expr
) -> tuple[str, ast.expr] | None:
    """The module-level value a name refers to, here or in the module it's from."""
    name = dotted(node)
    if name is None:
        return None
    local = _constants(repo, module)
    if name in local:
        return module, local[name]
    owner, attr = _origin(repo, node, module)
    value = _constants(repo, owner).get(attr)
    return (owner, value) if value is not None else None


def resolve_function(
    repo: ServiceRepo, module: str, node: ast.expr
) -> tuple[str, FunctionNode] | None:
    """The module-level function a name refers to, here or where it's imported from."""
    name = dotted(node)
    if name is None:
        return None
    candidates = [(module, name), _origin(repo, node, module)]
    for owner, attr in candidates:
        tree = repo.tree(repo.modules.get(owner, ""))
        for item in tree.body if tree else []:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and (
                item.name == attr
            ):
                return owner, item
    return None
