"""The FastAPI routes of a service, found statically with their full paths.

Routers are ``APIRouter(...)``/``FastAPI(...)`` assignments (an app's
``root_path`` is its prefix: behind a proxy it is part of every public path);
``include_router`` calls join them (with their ``prefix`` and
``dependencies``); route decorators (``@router.get("/x")``) attach routes.
Each route's full path and the dependencies that guard it come from every
chain of includes above it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from acacia_sop.checker.astutil import (
    FunctionNode,
    argument,
    calls,
    dotted,
    functions,
    keyword,
    last_name,
    parameters,
    qualified,
    walk,
)
from acacia_sop.checker.guards import (
    is_security_dependency,
    param_dependencies,
    unknown_annotations,
)
from acacia_sop.checker.imported_routers import imported_modules
from acacia_sop.checker.names import (
    module_imports,
    resolve_constant,
    resolve_string,
)
from acacia_sop.checker.repo import ServiceRepo, module_name

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
RouterKey = tuple[str, str]
UNKNOWN = "{?}"
"""Stands in a route's path for a prefix or path the checker can't resolve."""


@dataclass
class Router:
    """An ``APIRouter`` or ``FastAPI`` instance."""

    key: RouterKey
    prefix: str
    dependencies: list[tuple[str, ast.expr]]
    """Each dependency, with the module it is written in."""
    is_app: bool = False


@dataclass
class Include:
    """``parent.include_router(child, prefix=..., dependencies=...)``."""

    parent: RouterKey
    child: RouterKey
    prefix: str
    dependencies: list[tuple[str, ast.expr]]
    """Each dependency, with the module it is written in."""


@dataclass
class Route:
    """One path operation with its full path and every dependency guarding it."""

    file: str
    line: int
    method: str
    path: str
    decorator: ast.Call
    function: FunctionNode
    dependencies: list[tuple[str, ast.expr]] = field(default_factory=list)
    secured: bool | None = False
    """Whether a dependency guards it; ``None`` when a file it relies on does
    not parse, so the checker can't tell."""

    @property
    def known(self) -> bool:
        """Whether every part of the path was resolved (no :data:`UNKNOWN`)."""
        return UNKNOWN not in self.path

    def may_be(self, path: str) -> bool:
        """Whether the route is, or (with unresolved parts) could be, ``path``."""
        if self.known:
            return self.path == path
        parts = (re.escape(part) for part in self.path.split(UNKNOWN))
        return re.fullmatch(".*".join(parts), path) is not None


@dataclass
class RouteTable:
    """Every route mounted on a FastAPI app; routers never mounted are left out."""

    routes: list[Route]
    unmounted: list[RouterKey] = field(default_factory=list)
    dynamic: list[tuple[str, int, str]] = field(default_factory=list)
    """(file, line, why) of each include whose routers can't be known."""


def _list(node: ast.expr | None) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, ast.List | ast.Tuple) else []


def _items(
    repo: ServiceRepo, module: str, node: ast.expr | None, depth: int = 0
) -> list[tuple[str, ast.expr]]:
    """A list or tuple, written here or named (``PROTECTIONS``), with the module
    each item is written in; ``*OTHER`` items are unpacked the same way."""
    if isinstance(node, ast.Name | ast.Attribute) and depth < 5:
        named = resolve_constant(repo, module, node)
        if named is None:
            return []
        module, node = named
    found: list[tuple[str, ast.expr]] = []
    for item in _list(node):
        if isinstance(item, ast.Starred) and depth < 5:
            found += _items(repo, module, item.value, depth + 1)
        else:
            found.append((module, item))
    return found


def _path_part(repo: ServiceRepo, module: str, node: ast.expr | None) -> str:
    """A prefix or path argument: ``""`` when absent, :data:`UNKNOWN` if unresolved."""
    if node is None:
        return ""
    value = resolve_string(repo, module, node)
    return UNKNOWN if value is None else value


def _router_key(node: ast.expr, module: str, imported: dict[str, str]) -> RouterKey:
    """Resolve ``router`` / ``health.router`` / an imported router to its key."""
    name = dotted(node)
    if name and "." not in name and name not in imported:
        return (module, name)
    full = qualified(node, imported) or ""
    owner, _, attr = full.rpartition(".")
    return (owner, attr)


def _follow_reexports(
    key: RouterKey, routers: dict[RouterKey, Router], repo: ServiceRepo
) -> RouterKey:
    """Follow ``from .v1.router import api_router`` re-exports to the router."""
    seen = {key}
    while key not in routers:
        target = module_imports(repo, key[0]).get(key[1])
        if target is None or "." not in target:
            break
        owner, _, attr = target.rpartition(".")
        if (owner, attr) in seen:
            break
        key = (owner, attr)
        seen.add(key)
    return key


def _routing_files(repo: ServiceRepo) -> list[str]:
    """Source files that may create, mount or decorate routers."""
    words = ("APIRouter", "FastAPI", "include_router", "@")
    return [
        file
        for file in repo.app_files
        if any(word in (repo.text(file) or "") for word in words)
    ]


def _find_routers(repo: ServiceRepo) -> dict[RouterKey, Router]:
    routers: dict[RouterKey, Router] = {}
    for file, tree in repo.trees(_routing_files(repo)):
        module = module_name(file)
        imported = module_imports(repo, module)
        for node in walk(tree):
            if not (
                isinstance(node, ast.Assign | ast.AnnAssign)
                and isinstance(node.value, ast.Call)
            ):
                continue
            kind = (qualified(node.value.func, imported) or "").rsplit(".", 1)[-1]
            if kind not in ("APIRouter", "FastAPI"):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            # behind a proxy, an app's root_path prefixes every public path
            prefix_word = "prefix" if kind == "APIRouter" else "root_path"
            prefix = keyword(node.value, prefix_word)
            for target in targets:
                if isinstance(target, ast.Name):
                    routers[(module, target.id)] = Router(
                        key=(module, target.id),
                        prefix=_path_part(repo, module, prefix),
                        dependencies=_items(
                            repo, module, keyword(node.value, "dependencies")
                        ),
                        is_app=kind == "FastAPI",
                    )
    return routers


def _mounts(
    key: RouterKey,
    routers: dict[RouterKey, Router],
    parents: dict[RouterKey, list[Include]],
    seen: frozenset[RouterKey] = frozenset(),
) -> list[tuple[str, list[tuple[str, ast.expr]]]]:
    """Each (full prefix, dependencies) under which a router's routes are served.

    Only chains that reach a FastAPI app count: a router never mounted serves
    nothing.
    """
    router = routers.get(key)
    own = router.prefix if router else ""
    own_deps = router.dependencies if router else []
    if router is not None and router.is_app:
        return [(own, own_deps)]
    found = []
    for edge in parents.get(key, []):
        if edge.parent in seen or edge.parent == key:
            continue
        for prefix, deps in _mounts(edge.parent, routers, parents, seen | {key}):
            found.append(
                (prefix + edge.prefix + own, deps + edge.dependencies + own_deps)
            )
    return found


def _loop_routers(
    repo: ServiceRepo, module: str, tree: ast.Module
) -> dict[ast.Call, list[tuple[str, ast.expr]]]:
    """``for router in ROUTERS: app.include_router(router)``: each include of
    a loop variable -> each router of the loop's list (and its module)."""
    found: dict[ast.Call, list[tuple[str, ast.expr]]] = {}
    for node in walk(tree):
        if not (isinstance(node, ast.For) and isinstance(node.target, ast.Name)):
            continue
        items = _items(repo, module, node.iter)
        for statement in node.body:
            for inner in walk(statement):
                include = _include_call(inner)
                if include is not None and dotted(include[2]) == node.target.id:
                    found[include[0]] = items  # outer loops come first: inner win
    return found


def _passed_routers(
    repo: ServiceRepo, tree: ast.Module
) -> dict[str, list[tuple[str, ast.expr]]]:
    """``def create_app(router): app.include_router(router)``: each parameter
    that is included -> the routers callers pass for it (and their module)."""
    found: dict[str, list[tuple[str, ast.expr]]] = {}
    for function in functions(tree):
        included = {
            dotted(include[2])
            for node in walk(function)
            if (include := _include_call(node)) is not None
        }
        names = [arg.arg for arg in parameters(function)]
        wanted = [(i, name) for i, name in enumerate(names) if name in included]
        if not wanted:
            continue
        for file, other in repo.trees(repo.app_files):
            for call in calls(other):
                if last_name(call.func) != function.name:
                    continue
                for index, name in wanted:
                    value = argument(call, index, name)
                    if value is not None:
                        found.setdefault(name, []).append((module_name(file), value))
    return found


def _include_call(node: ast.AST) -> tuple[ast.Call, ast.expr, ast.expr] | None:
    """``parent.include_router(child, ...)`` (or ``router=child``): the call,
    the parent and the child."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "include_router"
    ):
        return None
    child = argument(node, 0, "router")
    return None if child is None else (node, node.func.value, child)


def _build(repo: ServiceRepo) -> RouteTable:
    routers = _find_routers(repo)
    parents: dict[RouterKey, list[Include]] = {}
    dynamic: list[tuple[str, int, str]] = []
    decorated: list[tuple[str, RouterKey, str, ast.Call, FunctionNode]] = []
    for file, tree in repo.trees(_routing_files(repo)):
        module = module_name(file)
        imported = module_imports(repo, module)
        loops = _loop_routers(repo, module, tree)
        passed = _passed_routers(repo, tree)
        by_name = imported_modules(repo, module, tree)
        for node in walk(tree):
            include = _include_call(node)
            if include is not None:
                call, parent_node, included = include
                parent = _follow_reexports(
                    _router_key(parent_node, module, imported), routers, repo
                )
                name = dotted(included) or ""
                head, _, attr = name.partition(".")
                if head in by_name.dynamic:
                    dynamic.append((file, *by_name.dynamic[head]))
                children = loops.get(call) or passed.get(name) or [(module, included)]
                keys = [
                    _router_key(child_node, owner, module_imports(repo, owner))
                    for owner, child_node in children
                ]
                if head in by_name.modules and attr:  # imported by name in a loop
                    keys = [(path, attr) for path in by_name.modules[head]]
                for key in keys:
                    child = _follow_reexports(key, routers, repo)
                    parents.setdefault(child, []).append(
                        Include(
                            parent,
                            child,
                            _path_part(repo, module, keyword(call, "prefix")),
                            _items(repo, module, keyword(call, "dependencies")),
                        )
                    )
        for function in functions(tree):
            for decorator in function.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr in (*HTTP_METHODS, "api_route")
                ):
                    key = _follow_reexports(
                        _router_key(decorator.func.value, module, imported),
                        routers,
                        repo,
                    )
                    if key in routers:
                        decorated.append((file, key, module, decorator, function))
    routes: list[Route] = []
    unmounted: set[RouterKey] = set()
    for file, key, module, decorator, function in decorated:
        path_node = decorator.args[0] if decorator.args else keyword(decorator, "path")
        path = _path_part(repo, module, path_node)
        func = decorator.func
        method = func.attr if isinstance(func, ast.Attribute) else ""
        own = [(module, d) for d in _list(keyword(decorator, "dependencies"))]
        own += param_dependencies(function, module, repo)
        unknown = unknown_annotations(function, module, repo)
        mounts = _mounts(key, routers, parents)
        if not mounts:
            unmounted.add(key)
        for prefix, deps in mounts:
            route = Route(
                file,
                decorator.lineno,
                method.upper(),
                prefix + path,
                decorator,
                function,
                deps + own,
            )
            verdicts = [
                is_security_dependency(d, m, repo) for m, d in route.dependencies
            ]
            if any(verdicts):
                route.secured = True
            elif unknown or None in verdicts:
                route.secured = None
            routes.append(route)
    return RouteTable(routes, sorted(unmounted), sorted(set(dynamic)))


def route_table(repo: ServiceRepo) -> RouteTable:
    """The service's routes, computed once per repository."""
    return repo.memo("routes", lambda: _build(repo))
