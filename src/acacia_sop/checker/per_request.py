"""The code a service runs on every request: route handlers and the
dependencies FastAPI calls for them (followed through ``Depends`` chains)."""

from __future__ import annotations

import ast

from acacia_sop.checker.astutil import FunctionNode, keyword
from acacia_sop.checker.guards import param_dependencies
from acacia_sop.checker.names import resolve_function
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.routes import route_table


def per_request_functions(repo: ServiceRepo) -> list[tuple[str, FunctionNode]]:
    """(file, function) of each route handler and dependency of the service."""
    return repo.memo("per-request", lambda: _find(repo))


def _find(repo: ServiceRepo) -> list[tuple[str, FunctionNode]]:
    found: dict[int, tuple[str, FunctionNode]] = {}
    todo: list[tuple[str, ast.expr]] = []
    for route in route_table(repo).routes:
        found.setdefault(id(route.function), (route.file, route.function))
        todo.extend(route.dependencies)
    while todo:
        module, depends = todo.pop()
        if not isinstance(depends, ast.Call):
            continue
        target = depends.args[0] if depends.args else keyword(depends, "dependency")
        reference = target.func if isinstance(target, ast.Call) else target
        resolved = resolve_function(repo, module, reference) if reference else None
        file = repo.modules.get(resolved[0]) if resolved else None
        if resolved is None or file is None or id(resolved[1]) in found:
            continue
        owner, function = resolved
        found[id(function)] = (file, function)
        todo.extend(param_dependencies(function, owner, repo))
    return list(found.values())
