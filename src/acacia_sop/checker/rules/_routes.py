"""The service's routes read for REST checks: labels, path words, auth flows."""

from __future__ import annotations

import ast
import re

from acacia_sop.checker.astutil import (
    keyword,
    last_name,
    parameters,
    walk,
    with_defaults,
)
from acacia_sop.checker.model import NotChecked
from acacia_sop.checker.names import resolve_class
from acacia_sop.checker.repo import ServiceRepo, module_name
from acacia_sop.checker.routes import UNKNOWN, Route, route_table
from acacia_sop.checker.rules._plurals import is_plural_noun

API_PREFIX = "/api/v1"


HEALTH_PATH = "/api/v1/health"


SINGULAR_ALLOWED = frozenset(
    {
        # singletons: one of them per caller or per service
        "health",
        "token",
        "me",
        "password",
        "profile",
        "settings",
        "config",
        "session",
        "status",
        "version",
        "docs",
        "redoc",
        "openapi.json",
        "metrics",
        "search",
        "totp",
        "account",
        "dashboard",
        "current",
        "whoami",
        "userinfo",
        "authenticated",
        # namespaces: they group routes, they are not resources
        "auth",
        "oauth",
        "login",
        "logout",
        "refresh",
        "admin",
        "utils",
        "private",
        "internal",
        "public",
    }
)


ACTION_NOUNS = frozenset(
    {"recovery", "reset", "verification", "activation", "registration", "check"}
)


SIGN_IN_WORDS = frozenset(
    {
        "login",
        "signin",
        "logon",
        "authenticate",
        "refresh",
        "recover",
        "recovery",
        "forgot",
    }
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
        "reset",
        "revoke",
        "recover",
        "toggle",
        "signup",
        "signin",
        "login",
        "logout",
        "register",
        "activate",
        "deactivate",
        "verify",
        "confirm",
        "test",
        "enable",
        "disable",
        "clear",
        "change",
        "cancel",
        "approve",
        "reject",
        "archive",
        "restore",
        "publish",
        "unpublish",
        "sync",
        "import",
        "export",
        "download",
        "upload",
        "assign",
        "unassign",
        "invite",
        "resend",
        "start",
        "stop",
        "restart",
    }
)


CREATING_VERBS = ("create", "add", "new", "insert", "register", "signup", "upload")


SIGN_UP_WORDS = frozenset({"signup", "register", "registration"})


def route_label(route: Route) -> str:
    return f"`{route.method} {route.path or '/'}`"


def service_routes(repo: ServiceRepo) -> list[Route]:
    """The mounted routes; :class:`NotChecked` when there is none, or when
    some routers are mounted from modules whose names are known only at run
    time (the routes found are not all of them)."""
    table = route_table(repo)
    if table.dynamic:
        file, line, why = table.dynamic[0]
        raise NotChecked(f"{why} at {file}:{line}: list the module names as literals")
    if table.routes:
        return table.routes
    unmounted = [f"{module}.{name}" for module, name in table.unmounted]
    reason = "no route found on a FastAPI app"
    if unmounted:
        reason += f" (routers never mounted: {', '.join(unmounted)})"
    raise NotChecked(reason)


def path_segments(path: str) -> list[str]:
    """The path after ``/api/v1``, parameters included (``{id}``)."""
    rest = path.removeprefix(API_PREFIX) if path.startswith(API_PREFIX) else path
    rest = rest.replace(UNKNOWN, "/")  # judge only the parts that are known
    return [s for s in rest.split("/") if s]


def segment_words(segment: str) -> list[str]:
    """``create-user`` / ``createUser`` / ``create_user`` -> its lower-case words."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", segment)
    return [w for w in re.split(r"[-_.]", spaced.lower()) if w]


def is_plural(segment: str) -> bool:
    words = segment_words(segment)
    word = words[-1] if words else ""
    return (
        segment.lower() in SINGULAR_ALLOWED
        or word in SINGULAR_ALLOWED
        or is_plural_noun(word)
    )


def is_action(segment: str) -> bool:
    words = segment_words(segment)
    return bool(words) and (words[0] in VERBS or bool(ACTION_NOUNS.intersection(words)))


def named_to_create(route: Route) -> bool:
    name = segment_words(route.function.name)
    first = name[0] if name else ""  # a handler may be named `_`
    return first in CREATING_VERBS or bool(SIGN_UP_WORDS.intersection(name))


def posts_to_collection(route: Route) -> bool:
    """``POST /items``, not ``POST /items/{id}`` or ``POST /items/search``."""
    segments = path_segments(route.path)
    words = segment_words(segments[-1]) if segments else []
    return (
        bool(words)
        and not segments[-1].startswith("{")
        and not is_action(segments[-1])
        and words[-1] not in SINGULAR_ALLOWED
        and is_plural(segments[-1])
    )


def _names_in(node: ast.expr | None) -> list[str]:
    return (
        [
            n.id if isinstance(n, ast.Name) else n.attr
            for n in walk(node)
            if isinstance(n, ast.Name | ast.Attribute)
        ]
        if node is not None
        else []
    )


CREDENTIAL_CLASSES = frozenset({"HTTPBasicCredentials", "OAuth2PasswordRequestForm"})
"""FastAPI classes whose instances carry a username and a password."""


def _class_fields(
    repo: ServiceRepo, module: str, name: ast.expr, depth: int = 0
) -> set[str]:
    if last_name(name) in CREDENTIAL_CLASSES:
        return {"username", "password"}
    resolved = resolve_class(repo, module, name)
    if resolved is None or depth > 3:
        return set()
    owner, node = resolved
    fields = {
        item.target.id
        for item in node.body
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    }
    for base in node.bases:
        fields |= _class_fields(repo, owner, base, depth + 1)
    return fields


def model_fields(repo: ServiceRepo, module: str, annotation: ast.expr) -> set[str]:
    """Field names of the class an annotation names (``UserCreate``), inherited
    ones included."""
    name = annotation.slice if isinstance(annotation, ast.Subscript) else annotation
    if isinstance(name, ast.Tuple) and name.elts:
        name = name.elts[0]  # Annotated[Model, ...]
    if not isinstance(name, ast.Name | ast.Attribute):
        return set()
    return _class_fields(repo, module, name)


def _is_dependency(arg: ast.arg, default: ast.expr | None) -> bool:
    """A parameter FastAPI fills from a dependency (``= Depends(...)`` or
    ``Annotated[..., Depends(...)]``), not from the request."""
    marks: list[ast.expr | None] = [default]
    inner = arg.annotation.slice if isinstance(arg.annotation, ast.Subscript) else None
    if isinstance(inner, ast.Tuple):
        marks.extend(inner.elts)  # Annotated[Model, Depends(...)]
    return any(
        isinstance(mark, ast.Call) and last_name(mark.func) in ("Depends", "Security")
        for mark in marks
    )


def takes_credentials(route: Route, repo: ServiceRepo) -> bool:
    """A ``password`` parameter, or a body whose model has a password field
    (what a dependency hands over, such as the current user, is no body)."""
    every = [
        arg
        for arg, default in with_defaults(route.function)
        if not _is_dependency(arg, default)
    ]
    if any("password" in segment_words(arg.arg) for arg in every):
        return True
    module = module_name(route.file)
    return any(
        "password" in field
        for arg in every
        if arg.annotation is not None
        for field in model_fields(repo, module, arg.annotation)
    )


def is_auth_flow(route: Route, repo: ServiceRepo) -> bool:
    """Whether a route is where a caller gets a token or new credentials,
    judged by what it does: it takes a password form, answers a token, or (a
    POST) is named for signing in or recovering a password, or takes
    credentials without creating anything. A sign-up creates an account: it is
    not an auth flow.

    See docs/interpretation-notes.md#docs-and-auth.
    """
    function = route.function
    if SIGN_UP_WORDS.intersection(segment_words(function.name)):
        return False  # `register` opens an account, even when it answers a token
    args = function.args
    taken = [n for arg in parameters(function) for n in _names_in(arg.annotation)]
    taken += [n for d in [*args.defaults, *args.kw_defaults] for n in _names_in(d)]
    if any(name.endswith("RequestForm") for name in taken):
        return True
    answers = _names_in(function.returns) + _names_in(
        keyword(route.decorator, "response_model")
    )
    if any("token" in name.lower() for name in answers):
        return True
    if route.method != "POST":  # signing in and recovering post credentials
        return False
    if SIGN_IN_WORDS.intersection(segment_words(function.name)):
        return True
    return takes_credentials(route, repo) and not _is_sign_up(route)


def _is_sign_up(route: Route) -> bool:
    """A POST named to create (``register``, ``create_user``) or to a collection."""
    return route.method == "POST" and (
        named_to_create(route) or posts_to_collection(route)
    )
