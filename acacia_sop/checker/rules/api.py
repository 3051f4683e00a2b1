"""FastAPI: the factory, REST paths, status codes, health, auth and errors."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from http import HTTPStatus

from acacia_sop.checker.astutil import (
    FunctionNode,
    calls,
    dotted,
    functions,
    keyword,
    last_name,
)
from acacia_sop.checker.model import Finding
from acacia_sop.checker.names import resolve_function, resolve_value
from acacia_sop.checker.repo import ServiceRepo, module_name
from acacia_sop.checker.routes import UNKNOWN, Route, route_table

MAIN = "app/main.py"
API_PREFIX = "/api/v1"
HEALTH_PATH = "/api/v1/health"
TOKEN_PATH = "/api/v1/auth/token"  # noqa: S105 - a URL path, not a secret
SINGULAR_ALLOWED = frozenset(
    {
        "health",
        "auth",
        "token",
        "me",
        "login",
        "logout",
        "refresh",
        "status",
        "version",
        "docs",
        "redoc",
        "openapi.json",
        "metrics",
        "search",
    }
)
IRREGULAR_PLURALS = frozenset(
    {"people", "children", "data", "media", "criteria", "feedback", "metadata"}
)
VERBS = frozenset(
    {
        "get",
        "create",
        "update",
        "delete",
        "remove",
        "add",
        "set",
        "list",
        "fetch",
        "make",
        "do",
        "post",
        "put",
        "patch",
        "insert",
        "modify",
        "edit",
        "save",
        "find",
        "retrieve",
        "run",
        "execute",
        "process",
        "send",
        "submit",
        "generate",
        "compute",
        "calculate",
    }
)
EXPECTED_STATUS = {"POST": 201, "DELETE": 204}
CORRELATION = re.compile(r"correlation|request_id", re.IGNORECASE)


def _route_label(route: Route) -> str:
    return f"`{route.method} {route.path or '/'}`"


def check_factory(repo: ServiceRepo) -> list[Finding]:
    """API-01: ``app/main.py`` builds the app in ``create_app()``."""
    tree = repo.tree(MAIN)
    if tree is None and MAIN in repo.parse_errors:
        line, reason = repo.parse_errors[MAIN]
        return [Finding(MAIN, line, f"does not parse ({reason}): fix it")]
    if tree is None:
        return [Finding(MAIN, None, "missing: add app/main.py with create_app()")]
    findings = []
    factory = next(
        (
            f
            for f in tree.body
            if isinstance(f, ast.FunctionDef) and f.name == "create_app"
        ),
        None,
    )
    if factory is None:
        findings.append(
            Finding(
                MAIN,
                None,
                "no create_app() factory: build and return the "
                "FastAPI app in `def create_app() -> FastAPI`",
            )
        )
    elif not any(last_name(c.func) == "FastAPI" for c in calls(factory)):
        findings.append(
            Finding(MAIN, factory.lineno, "create_app() does not call FastAPI(...)")
        )
    builders = {"create_app"} | {
        f.name
        for f in tree.body
        if isinstance(f, ast.FunctionDef)
        and any(last_name(c.func) == "create_app" for c in calls(f))
    }
    exposes = any(
        isinstance(s, ast.Assign)
        and isinstance(s.value, ast.Call)
        and last_name(s.value.func) in builders
        for s in tree.body
    )
    if factory is not None and not exposes:
        findings.append(
            Finding(MAIN, None, "add `app = create_app()` for uvicorn app.main:app")
        )
    for file, module_tree in repo.trees(repo.app_files):
        findings.extend(
            Finding(
                file,
                s.value.lineno,
                "FastAPI() at module level: create the app inside create_app()",
            )
            for s in module_tree.body
            if isinstance(s, ast.Assign | ast.AnnAssign)
            and isinstance(s.value, ast.Call)
            and last_name(s.value.func) == "FastAPI"
        )
    return findings


def _segments(path: str) -> list[str]:
    rest = path.removeprefix(API_PREFIX) if path.startswith(API_PREFIX) else path
    rest = rest.replace(UNKNOWN, "/")  # judge only the parts that are known
    return [s for s in rest.split("/") if s and not s.startswith("{")]


def _could_not_resolve_path(route: Route) -> Finding:
    return Finding(
        route.file,
        route.line,
        f"could not determine the full path of {_route_label(route)} "
        f"({UNKNOWN} marks the unresolved part): write its prefix and path as "
        "string literals, module constants or settings defaults",
    )


def check_api_prefix(repo: ServiceRepo) -> list[Finding]:
    """STY-06: every route is served under ``/api/v1``."""
    findings = []
    for route in route_table(repo).routes:
        if route.path == API_PREFIX or route.path.startswith(API_PREFIX + "/"):
            continue
        if not route.known:
            findings.append(_could_not_resolve_path(route))
            continue
        findings.append(
            Finding(
                route.file,
                route.line,
                f"{_route_label(route)} is not under "
                f'{API_PREFIX}: mount its router with prefix="{API_PREFIX}"',
            )
        )
    return findings


def _is_plural(segment: str) -> bool:
    word = re.split(r"[-_]", segment.lower())[-1]
    return (
        segment.lower() in SINGULAR_ALLOWED
        or word in IRREGULAR_PLURALS
        or (word.endswith("s") and not word.endswith("ss"))
    )


def check_plural_nouns(repo: ServiceRepo) -> list[Finding]:
    """API-07: resource segments are plural nouns."""
    findings = []
    for route in route_table(repo).routes:
        singular = [s for s in _segments(route.path) if not _is_plural(s)]
        if singular:
            findings.append(
                Finding(
                    route.file,
                    route.line,
                    f"{_route_label(route)}: "
                    f"use a plural noun instead of {', '.join(singular)}",
                )
            )
    return findings


def check_no_verbs(repo: ServiceRepo) -> list[Finding]:
    """API-08: no verbs in URLs; the HTTP method carries the action."""
    findings = []
    for route in route_table(repo).routes:
        verbs = [
            s for s in _segments(route.path) if re.split(r"[-_]", s.lower())[0] in VERBS
        ]
        if verbs:
            findings.append(
                Finding(
                    route.file,
                    route.line,
                    f"{_route_label(route)}: remove the "
                    f"verb from {', '.join(verbs)}; the HTTP method says it",
                )
            )
    return findings


def _status_code(repo: ServiceRepo, route: Route) -> int | None:
    """The route's success status (200 when not set), ``None`` if unknown."""
    node = keyword(route.decorator, "status_code")
    if node is None:
        return 200
    resolved = resolve_value(repo, module_name(route.file), node)
    value = resolved[1] if resolved else node
    if isinstance(value, ast.Constant) and type(value.value) is int:
        return value.value
    name = (dotted(value) or "").removesuffix(".value")
    head, _, attr = name.rpartition(".")
    match = re.fullmatch(r"HTTP_(\d{3})(?:_\w+)?", attr or name)
    if match:
        return int(match[1])
    if head.rpartition(".")[2] == "HTTPStatus" and attr in HTTPStatus.__members__:
        return HTTPStatus[attr].value
    return None


def check_status_codes(repo: ServiceRepo) -> list[Finding]:
    """API-06: POST routes answer 201 and DELETE routes 204."""
    findings = []
    for route in route_table(repo).routes:
        expected = EXPECTED_STATUS.get(route.method)
        if expected is None or "auth" in route.path.split("/"):
            continue
        actual = _status_code(repo, route)
        if actual is None:
            node = keyword(route.decorator, "status_code")
            findings.append(
                Finding(
                    route.file,
                    route.line,
                    f"could not determine the status code of {_route_label(route)} "
                    f"(status_code={ast.unparse(node) if node else ''}): use "
                    f"{expected}, status.HTTP_{expected}_... or HTTPStatus.<NAME>",
                )
            )
        elif actual != expected:
            findings.append(
                Finding(
                    route.file,
                    route.line,
                    f"{_route_label(route)} answers "
                    f"{actual}: set status_code={expected}",
                )
            )
    return findings


def check_health(repo: ServiceRepo) -> list[Finding]:
    """API-05: ``GET /api/v1/health`` exists."""
    if any(
        r.method == "GET" and r.may_be(HEALTH_PATH) for r in route_table(repo).routes
    ):
        return []
    return [
        Finding(
            "app/api/v1/endpoints/health.py",
            None,
            f"no GET {HEALTH_PATH}: add a health endpoint that pings MongoDB",
        )
    ]


def _is_open(route: Route) -> bool:
    """Health, and the token endpoint (where a token comes from), need no token.

    See docs/interpretation-notes.md#docs-and-auth.
    """
    return route.may_be(HEALTH_PATH) or (
        route.method == "POST" and route.may_be(TOKEN_PATH)
    )


def check_auth(repo: ServiceRepo) -> list[Finding]:
    """SEC-01: every route but health and the token endpoint needs security."""
    return [
        Finding(
            route.file,
            route.line,
            f"{_route_label(route)} has no auth "
            "dependency: add Depends(<current user>) to the route, its router "
            "or include_router(dependencies=[...])",
        )
        for route in route_table(repo).routes
        if not _is_open(route) and not route.secured
    ]


@dataclass(frozen=True)
class _Handler:
    """An exception handler: how it is named and, when nested, its definition."""

    file: str
    module: str
    node: ast.expr
    line: int
    function: FunctionNode | None = None


def _handlers(repo: ServiceRepo) -> list[_Handler]:
    """Every exception handler: ``add_exception_handler``, the decorator, or
    ``FastAPI(exception_handlers={...})``."""
    found = []
    for file, tree in repo.trees(repo.app_files):
        module = module_name(file)
        for call in calls(tree):
            name = last_name(call.func)
            if name == "add_exception_handler" and len(call.args) > 1:
                found.append(_Handler(file, module, call.args[1], call.lineno))
            mapping = keyword(call, "exception_handlers") if name == "FastAPI" else None
            if isinstance(mapping, ast.Dict):
                found.extend(
                    _Handler(file, module, value, value.lineno)
                    for value in mapping.values
                )
        for function in functions(tree):
            for decorator in function.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and last_name(decorator.func) == "exception_handler"
                ):
                    found.append(
                        _Handler(
                            file,
                            module,
                            ast.Name(function.name),
                            function.lineno,
                            function,  # may be nested in create_app()
                        )
                    )
    return found


def _carries_correlation(
    repo: ServiceRepo,
    module: str,
    node: ast.expr,
    depth: int = 0,
    function: FunctionNode | None = None,
) -> bool:
    if isinstance(node, ast.Lambda):
        return bool(CORRELATION.search(ast.unparse(node.body)))
    resolved = (module, function) if function else resolve_function(repo, module, node)
    if resolved is None or depth > 3:
        return False
    owner, function = resolved
    body = function.body
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
    ):
        body = body[1:]  # a docstring saying "correlation" sets nothing
    if CORRELATION.search(" ".join(ast.unparse(statement) for statement in body)):
        return True
    return any(
        _carries_correlation(repo, owner, call.func, depth + 1)
        for call in calls(function)
        if isinstance(call.func, ast.Name)
    )


def check_error_correlation(repo: ServiceRepo) -> list[Finding]:
    """API-04: exception handlers put the correlation ID in error bodies."""
    handlers = _handlers(repo)
    if not handlers:
        return [
            Finding(
                MAIN,
                None,
                "no exception handler: register one that returns "
                "problem details with the correlation_id",
            )
        ]
    return [
        Finding(
            h.file,
            h.line,
            f"handler {ast.unparse(h.node)} does not include the "
            "correlation ID: add correlation_id to the error body",
        )
        for h in handlers
        if not _carries_correlation(repo, h.module, h.node, function=h.function)
    ]
