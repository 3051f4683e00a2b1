"""API-xx: the factory, REST paths, status codes, health, errors and schemas."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from http import HTTPStatus

from acacia_sop.checker import ruff
from acacia_sop.checker.astutil import (
    FunctionNode,
    calls,
    dotted,
    functions,
    keyword,
    last_name,
    walk,
    with_defaults,
)
from acacia_sop.checker.model import Finding, NotChecked
from acacia_sop.checker.names import resolve_class, resolve_function, resolve_value
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, module_name
from acacia_sop.checker.routes import UNKNOWN, Route
from acacia_sop.checker.rules._app import MAIN, app_module
from acacia_sop.checker.rules._odm_names import DOCUMENT_BASES, document_odm
from acacia_sop.checker.rules._pages import is_page
from acacia_sop.checker.rules._routes import (
    HEALTH_PATH,
    VERBS,
    is_action,
    is_auth_flow,
    is_plural,
    named_to_create,
    path_segments,
    posts_to_collection,
    route_label,
    segment_words,
    service_routes,
)

AUTH_NAMESPACES = frozenset({"auth", "oauth", "login", "token"})


CORRELATION = re.compile(r"correlation|request_id", re.IGNORECASE)


@check(
    "API-01",
    looks_at=(
        "app/main.py defines create_app() calling FastAPI() and exposes app = "
        "create_app()"
    ),
)
def check_factory(repo: ServiceRepo) -> list[Finding]:
    """API-01: ``app/main.py`` (or where the app is) builds it in ``create_app()``."""
    main = app_module(repo)
    tree = repo.tree(main)
    if tree is None and main in repo.parse_errors:
        line, reason = repo.parse_errors[main]
        return [Finding(main, line, f"does not parse ({reason}): fix it")]
    if tree is None:
        return [Finding(main, None, "missing: add app/main.py with create_app()")]
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
                main,
                None,
                "no create_app() factory: build and return the "
                "FastAPI app in `def create_app() -> FastAPI`",
            )
        )
    elif not any(last_name(c.func) == "FastAPI" for c in calls(factory)):
        findings.append(
            Finding(main, factory.lineno, "create_app() does not call FastAPI(...)")
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
            Finding(main, None, "add `app = create_app()` for uvicorn app.main:app")
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


def _resource_segments(path: str) -> list[str]:
    """Segments that name a collection: each one followed by a parameter
    (``/users/{id}``), and a lone first segment (``/users``) when the whole
    path is known (an unknown prefix may hold more segments). Auth namespaces,
    catch-all ``{x:path}`` parameters and actions (API-08's concern) are not
    collections."""
    segments = path_segments(path)
    static = [s for s in segments if not s.startswith("{")]
    found: list[str] = []
    for index, segment in enumerate(segments):
        if segment.lower() in AUTH_NAMESPACES:
            return found  # everything under /login, /auth is a flow
        if segment.startswith("{") or is_action(segment):
            continue
        following = segments[index + 1] if index + 1 < len(segments) else ""
        if following.endswith(":path}"):
            continue
        lone = index == 0 and len(static) == 1 and UNKNOWN not in path
        if following.startswith("{") or lone:
            found.append(segment)
    return found


@check(
    "API-07",
    looks_at="every static path segment is plural (health, auth, token, me excepted)",
)
def check_plural_nouns(repo: ServiceRepo) -> list[Finding]:
    """API-07: collection segments are plural nouns (singletons such as ``me``
    and namespaces such as ``admin`` excepted)."""
    findings = []
    routes = service_routes(repo)
    if not any(_resource_segments(route.path) for route in routes):
        raise NotChecked(
            "no path segment names a collection (a segment before {id}, or a "
            "lone first segment of a fully known path)"
        )
    for route in routes:
        singular = [s for s in _resource_segments(route.path) if not is_plural(s)]
        if singular:
            findings.append(
                Finding(
                    route.file,
                    route.line,
                    f"{route_label(route)}: "
                    f"use a plural noun instead of {', '.join(singular)}",
                )
            )
    return findings


@check(
    "API-08",
    looks_at="no path segment starts with a verb (get-, create-, update-...)",
)
def check_no_verbs(repo: ServiceRepo) -> list[Finding]:
    """API-08: no verbs in URLs; the HTTP method carries the action."""
    findings = []
    for route in service_routes(repo):
        verbs = [
            s
            for s in path_segments(route.path)
            if not s.startswith("{")
            and segment_words(s)[:1]
            and segment_words(s)[0] in VERBS
        ]
        if verbs:
            findings.append(
                Finding(
                    route.file,
                    route.line,
                    f"{route_label(route)}: remove the "
                    f"verb from {', '.join(verbs)}; the HTTP method says it",
                )
            )
    return findings


def _code_value(repo: ServiceRepo, module: str, node: ast.expr) -> int | None:
    """``201``, ``status.HTTP_201_CREATED``, ``HTTPStatus.CREATED`` or a name for
    one of them as an int; ``None`` if unknown."""
    resolved = resolve_value(repo, module, node)
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


def _codes_set_in_body(repo: ServiceRepo, route: Route) -> set[int | None]:
    """Success codes the handler sets itself: ``return Response(status_code=204)``
    or ``response.status_code = 201``."""
    module = module_name(route.file)
    nodes: list[ast.expr] = []
    for node in walk(route.function):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Call):
            code = keyword(node.value, "status_code")
            nodes.extend([code] if code is not None else [])
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr == "status_code"
            for t in node.targets
        ):
            nodes.append(node.value)
    codes = {_code_value(repo, module, node) for node in nodes}
    return {code for code in codes if code is None or code < 400}


def _status_codes(repo: ServiceRepo, route: Route) -> set[int | None] | None:
    """The route's success codes: ``status_code=`` (``None`` in the set when it
    can't be resolved, 200 when absent) and those the handler sets itself.
    ``None`` when the handler sets one the checker can't resolve."""
    in_body = _codes_set_in_body(repo, route)
    if None in in_body:
        return None
    node = keyword(route.decorator, "status_code")
    if node is None:
        return in_body or {200}
    return {_code_value(repo, module_name(route.file), node)} | in_body


def _creates(route: Route, repo: ServiceRepo) -> bool:
    """Whether a POST creates a resource: named for it (``create_item``), or
    posted to a collection (``POST /items``) rather than to an action."""
    if route.method != "POST":
        return False
    if named_to_create(route):
        return True
    return not is_auth_flow(route, repo) and posts_to_collection(route)


def _expected_status(route: Route, repo: ServiceRepo) -> int | None:
    if route.method == "DELETE":
        return 204
    return 201 if _creates(route, repo) else None


@check(
    "API-06",
    looks_at=(
        "status_code= of each @router.post/@router.delete (auth endpoints excepted)"
    ),
)
def check_status_codes(repo: ServiceRepo) -> list[Finding]:
    """API-06: POST routes that create answer 201, DELETE routes 204."""
    findings = []
    judged = [
        (route, expected)
        for route in service_routes(repo)
        if (expected := _expected_status(route, repo)) is not None
    ]
    if not judged:
        raise NotChecked("no POST route that creates and no DELETE route")
    for route, expected in judged:
        codes = _status_codes(repo, route)
        if codes is None or expected in codes:
            continue
        if None in codes:
            node = keyword(route.decorator, "status_code")
            findings.append(
                Finding(
                    route.file,
                    route.line,
                    f"could not determine the status code of {route_label(route)} "
                    f"(status_code={ast.unparse(node) if node else ''}): use "
                    f"{expected}, status.HTTP_{expected}_... or HTTPStatus.<NAME>",
                )
            )
            continue
        what = "creates a resource" if expected == 201 else "deletes"
        answers = " or ".join(str(code) for code in sorted(c for c in codes if c))
        findings.append(
            Finding(
                route.file,
                route.line,
                f"{route_label(route)} {what} and answers "
                f"{answers}: set status_code={expected}",
            )
        )
    return findings


@check(
    "API-05",
    looks_at="a GET /api/v1/health route",
)
def check_health(repo: ServiceRepo) -> list[Finding]:
    """API-05: ``GET /api/v1/health`` exists."""
    if any(r.method == "GET" and r.may_be(HEALTH_PATH) for r in service_routes(repo)):
        return []
    return [
        Finding(
            repo.app_modules[0] if repo.app_modules else MAIN,
            None,
            f"no GET {HEALTH_PATH}: add a health endpoint that pings MongoDB",
        )
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


@check(
    "API-04",
    looks_at=(
        "every registered exception handler (or what it calls) sets the correlation ID"
    ),
)
def check_error_correlation(repo: ServiceRepo) -> list[Finding]:
    """API-04: exception handlers put the correlation ID in error bodies."""
    handlers = _handlers(repo)
    if not handlers:
        return [
            Finding(
                app_module(repo),
                None,
                "no exception handler is registered: add one (add_exception_handler"
                " or @app.exception_handler) that returns problem details with "
                "the correlation_id",
            )
        ]
    missing = [
        h
        for h in handlers
        if not _carries_correlation(repo, h.module, h.node, function=h.function)
    ]
    none = len(missing) == len(handlers)
    found: dict[tuple[str, int], Finding] = {}
    for h in missing:
        where = _defined_at(repo, h)
        found.setdefault(
            where,
            Finding(
                *where,
                f"handler {ast.unparse(h.node)} does not include the correlation ID"
                + (
                    f" (none of the {len(handlers)} exception handlers does)"
                    if none and len(handlers) > 1
                    else ""
                )
                + ": add correlation_id to the error body",
            ),
        )
    return list(found.values())


def _defined_at(repo: ServiceRepo, handler: _Handler) -> tuple[str, int]:
    """Where a handler's body is written, the line to fix (one finding however
    often it is registered); where it is registered for a lambda or a
    library's handler."""
    if handler.function is not None:
        return handler.file, handler.function.lineno
    resolved = resolve_function(repo, handler.module, handler.node)
    file = repo.modules.get(resolved[0]) if resolved else None
    if resolved is None or file is None:
        return handler.file, handler.line
    return file, resolved[1].lineno


UNTYPED = frozenset({"dict", "Dict", "Any", "object", "dict[str, Any]"})
"""Annotations that validate nothing: a body or answer of these is unchecked."""


BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def _untyped(annotation: ast.expr | None) -> bool:
    return annotation is not None and ast.unparse(annotation) in UNTYPED


def _unvalidated_output(route: Route, repo: ServiceRepo) -> bool:
    """No response_model and no return type that FastAPI could validate; a
    ``Response`` class, ``response_class=``, a page or a 204 sends no model. A
    ``response_model=dict`` validates nothing and overrides the return type."""
    decorator = route.decorator
    model = keyword(decorator, "response_model")
    if (
        keyword(decorator, "response_class")
        or (model and not _untyped(model))
        or is_page(route)
    ):
        return False
    returns = route.function.returns
    if model is None and returns is not None and not _untyped(returns):
        return False
    codes = _status_codes(repo, route) or set()
    if 204 in codes or any(  # it builds its own Response
        (last_name(call.func) or "").endswith("Response")
        for call in calls(route.function)
    ):
        return False
    module = module_name(route.file)
    returned = [
        node.value
        for node in walk(route.function)
        if isinstance(node, ast.Return)
        and node.value is not None
        and not (isinstance(node.value, ast.Constant) and node.value.value is None)
    ]
    return bool(returned) and not (  # answers, and not always a model instance
        all(
            isinstance(value, ast.Call)
            and resolve_class(repo, module, value.func) is not None
            for value in returned
        )
    )


NON_BODY_MARKERS = frozenset(
    {"Depends", "Security", "Query", "Header", "Cookie", "Path", "Form", "File"}
)


def _is_marked_non_body(default: ast.expr | None) -> bool:
    """``Depends(...)``, ``Query(...)`` and the like: not a request body."""
    return isinstance(default, ast.Call) and last_name(default.func) in NON_BODY_MARKERS


def _schema_findings(route: Route, repo: ServiceRepo) -> list[Finding]:
    found: list[Finding] = []
    if route.method in BODY_METHODS:
        found.extend(
            Finding(
                route.file,
                route.line,
                f"{route_label(route)} takes `{arg.arg}` as an unvalidated "
                f"{ast.unparse(arg.annotation)}: declare a Pydantic schema for it",
            )
            for arg, default in with_defaults(route.function)
            if arg.annotation is not None
            and _untyped(arg.annotation)
            and not _is_marked_non_body(default)
        )
    if _unvalidated_output(route, repo):
        found.append(
            Finding(
                route.file,
                route.line,
                f"{route_label(route)} answers without a schema: set "
                "response_model= or a return type that is a Pydantic schema",
            )
        )
    document = _answered_document(route, repo)
    if document is not None:
        found.append(
            Finding(
                route.file,
                route.line,
                f"{route_label(route)} answers with the stored document "
                f"{document}: every stored field goes out; answer a response "
                "schema from app/schemas/",
            )
        )
    return found


def _answered_document(route: Route, repo: ServiceRepo) -> str | None:
    """The ODM document class the response model is (``response_model=``, else
    the return type; ``list[Doc]`` too), as ``Name (beanie's Document)``."""
    answer = keyword(route.decorator, "response_model") or route.function.returns
    module = module_name(route.file)
    for node in ast.walk(answer) if answer is not None else []:
        odm = (
            document_odm(repo, module, node)
            if isinstance(node, ast.Name | ast.Attribute)
            else None
        )
        if odm is not None:
            kind = DOCUMENT_BASES[odm]
            return f"{ast.unparse(node)} ({odm}'s {kind})"
    return None


@check(
    "API-03",
    looks_at=(
        "request bodies and answers are Pydantic schemas (no dict or Any body, a "
        "response_model or return type on every route that sends a body), ruff's "
        "FAST003 (a path parameter the route does not take)"
    ),
)
def check_route_signatures(repo: ServiceRepo) -> list[Finding]:
    """API-03: each route's body and answer are validated by schemas."""
    routes = service_routes(repo)
    findings = [f for route in routes for f in _schema_findings(route, repo)]
    mounted = {route.file for route in routes}  # a router never mounted serves nothing
    signatures = ruff.findings(repo, "API-03", "fix the signature")
    return findings + [f for f in signatures if f.file in mounted]
