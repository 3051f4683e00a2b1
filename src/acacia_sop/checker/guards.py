"""Whether a route's dependency guards it, judged by what the dependency does.

A dependency guards when it is an OAuth2/HTTP/API-key scheme, or when the
service's code behind it checks credentials: it reads the Authorization
header and can refuse (raises), takes scheme credentials, decodes a token,
answers 401/403, or depends on (or calls) something that does. A service factory named
``get_auth_service`` does none of that. Only a library's dependency, whose
code is not read, is judged by its name.
"""

from __future__ import annotations

import ast
import re

from acacia_sop.checker.astutil import (
    FunctionNode,
    calls,
    dotted,
    functions,
    keyword,
    last_name,
    parameters,
    qualified,
    walk,
    with_defaults,
)
from acacia_sop.checker.names import (
    module_imports,
    resolve_class,
    resolve_constant,
    resolve_function,
)
from acacia_sop.checker.repo import ServiceRepo

SECURITY_WORDS = frozenset(
    {
        "auth",
        "authenticate",
        "authenticated",
        "authorize",
        "authorized",
        "authorization",
        "authorise",
        "authorised",
        "authorisation",
        "principal",
        "jwt",
        "oauth",
        "oauth2",
        "bearer",
        "apikey",
        "permission",
        "permissions",
        "role",
        "roles",
        "admin",
        "superuser",
    }
)
NOT_SECURITY_WORDS = frozenset({"settings", "config", "configuration"})
SECURITY_PAIRS = (
    "current_user",
    "current_active_user",
    "api_key",
    "access_token",
    "verify_token",
    "validate_token",
    "check_token",
)
SECURITY_SCHEMES = re.compile(r"OAuth2\w*|HTTPBearer|HTTPBasic|APIKey\w+")
AUTH_HEADERS = frozenset(
    {"authorization", "x-api-key", "api-key", "x-auth-token", "x-access-token"}
)
AUTH_PARAMETERS = frozenset({"authorization", "x_api_key", "api_key_header"})
AUTH_NAMES = frozenset(
    {
        "HTTP_401_UNAUTHORIZED",
        "HTTP_403_FORBIDDEN",
        "UNAUTHORIZED",
        "FORBIDDEN",
        "HTTPAuthorizationCredentials",
        "HTTPBasicCredentials",
        "SecurityScopes",
    }
)
AUTH_STATUSES = (401, 403)
TOKEN_LIBRARIES = (
    "jwt.",
    "jose.",
    "authlib.",
    "firebase_admin.auth.",
    "google.oauth2.id_token.",
)
AUTH_ERROR = re.compile(
    r"unauthori[sz]ed|unauthenticated|forbidden|notauthenticated|"
    r"invalid_?(?:token|credentials)|credentials_?exception|authentication",
    re.IGNORECASE,
)


def from_unreadable(repo: ServiceRepo, module: str, node: ast.expr) -> bool:
    """Whether ``node`` names something defined in a file that does not parse."""
    if repo.unreadable(module):
        return True
    full = qualified(node, module_imports(repo, module)) or ""
    owner = full.rpartition(".")[0]
    return bool(owner) and (repo.unreadable(owner) or repo.unreadable(full))


def unknown_annotations(function: FunctionNode, module: str, repo: ServiceRepo) -> bool:
    """Whether a parameter's type comes from a file that does not parse."""
    return any(
        isinstance(node, ast.Name | ast.Attribute)
        and from_unreadable(repo, module, node)
        for arg in parameters(function)
        if arg.annotation is not None
        for node in walk(arg.annotation)
    )


def param_dependencies(
    function: FunctionNode, module: str, repo: ServiceRepo
) -> list[tuple[str, ast.expr]]:
    """(module, call) of ``Depends``/``Security`` in parameter defaults and types.

    The module is where the call is written: an ``Annotated`` alias imported
    from elsewhere resolves its names there.
    """
    found: list[tuple[str, ast.expr]] = []
    for arg, default in with_defaults(function):
        if arg.annotation is not None:
            found.extend(_annotation_dependencies(arg.annotation, module, repo))
        if default is not None:
            found.append((module, default))
    return [(m, d) for m, d in found if is_depends(d)]


def _annotation_dependencies(
    annotation: ast.expr, module: str, repo: ServiceRepo, depth: int = 0
) -> list[tuple[str, ast.expr]]:
    if isinstance(annotation, ast.Subscript):
        inner = annotation.slice
        items = list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]
        return [(module, item) for item in items]
    if isinstance(annotation, ast.Name | ast.Attribute) and depth < 3:
        alias = resolve_constant(repo, module, annotation)
        if alias is not None:
            return _annotation_dependencies(alias[1], alias[0], repo, depth + 1)
    return []


def is_depends(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and (dotted(node.func) or "").rsplit(".")[-1] in (
        "Depends",
        "Security",
    )


def _words(name: str) -> list[str]:
    """``get_current_user`` / ``JWTBearer`` -> its lower-case words."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return [word for word in snake.lower().split("_") if word]


def is_security_name(name: str) -> bool:
    """Whether a dependency's name says it authenticates or authorises.

    Whole words only (``get_current_user``, ``require_admin``, ``JWTBearer``),
    never substrings: ``get_scoped_session`` and ``required_page_size`` are not.
    """
    words = _words(name)
    if NOT_SECURITY_WORDS.intersection(words):  # get_jwt_settings reads config
        return False
    if len(words) > 1 and words[0] == "require":
        return True
    if SECURITY_WORDS.intersection(words):
        return True
    joined = f"_{'_'.join(words)}_"
    return any(f"_{pair}_" in joined for pair in SECURITY_PAIRS)


def _is_scheme(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Call) and bool(
        SECURITY_SCHEMES.fullmatch(last_name(node.func) or "")
    )


def _guarding_class(
    reference: ast.expr, module: str, repo: ServiceRepo, depth: int
) -> bool | None:
    """Whether a class of the service guards when FastAPI calls it: built on
    an auth scheme (``class JWTBearer(HTTPBearer)``), or its ``__init__`` or
    ``__call__`` guards. ``False`` also when it is not the service's class."""
    resolved = resolve_class(repo, module, reference)
    if resolved is None or depth > 3:
        return False
    owner, node = resolved
    for base in node.bases:
        if SECURITY_SCHEMES.fullmatch(last_name(base) or "") or _guarding_class(
            base, owner, repo, depth + 1
        ):
            return True
    verdicts = [
        _guarding_function(item, owner, repo, depth + 1)
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
        and item.name in ("__init__", "__call__")
    ]
    return True if any(verdicts) else None if None in verdicts else False


def _reads_credentials(function: FunctionNode) -> bool:
    """Whether a function reads the Authorization (or an API key) header."""
    return any(
        (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.lower() in AUTH_HEADERS
        )
        or (isinstance(node, ast.arg) and node.arg in AUTH_PARAMETERS)
        for node in walk(function)
    )


def _can_refuse(function: FunctionNode, module: str, repo: ServiceRepo) -> bool:
    """Whether a function raises, itself or in a function of the service it
    calls: a dependency that never raises lets every request through."""
    if any(isinstance(node, ast.Raise) for node in walk(function)):
        return True
    for call in calls(function):
        resolved = resolve_function(repo, module, call.func)
        if resolved is not None and any(
            isinstance(node, ast.Raise) for node in walk(resolved[1])
        ):
            return True
    return False


def _verifies(function: FunctionNode, module: str, repo: ServiceRepo) -> bool:
    """Whether a function does an auth check itself: reads the Authorization
    (or an API key) header and can refuse, takes scheme credentials, decodes
    a token with a JWT library, or answers 401/403."""
    if _reads_credentials(function) and _can_refuse(function, module, repo):
        return True
    imported = module_imports(repo, module)
    for node in walk(function):
        if isinstance(node, ast.Constant) and node.value in AUTH_STATUSES:
            return True
        if isinstance(node, ast.Name | ast.Attribute) and (
            last_name(node) in AUTH_NAMES
        ):
            return True
        if isinstance(node, ast.Call) and (
            (qualified(node.func, imported) or "").startswith(TOKEN_LIBRARIES)
        ):
            return True
        if isinstance(node, ast.Raise) and node.exc is not None:
            raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if AUTH_ERROR.search(last_name(raised) or ""):
                return True
    return False


def _swallows_refusal(function: FunctionNode) -> bool:
    """Whether the function catches the refusal (``except HTTPException``, an
    auth error) and answers without raising: an optional caller
    (``-> User | None``) that lets everyone through."""
    for node in walk(function):
        if not isinstance(node, ast.ExceptHandler) or node.type is None:
            continue
        caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
        names = [last_name(item) or "" for item in caught]
        refusal = any(n == "HTTPException" or AUTH_ERROR.search(n) for n in names)
        if refusal and not any(isinstance(item, ast.Raise) for item in ast.walk(node)):
            return True
    return False


def _guarding_function(
    function: FunctionNode, module: str, repo: ServiceRepo, depth: int
) -> bool | None:
    """Whether a dependency function of the service guards, by what it does:
    it checks credentials itself, depends on a dependency that guards, or
    calls a function of the service that does (``None``: can't tell). One
    that catches the refusal and lets the caller through does not."""
    if depth >= 4 or _swallows_refusal(function):
        return False
    if _verifies(function, module, repo):
        return True
    verdicts = [  # nested functions too: ``require_role("admin")`` returns one
        is_security_dependency(d, m, repo, depth + 1)
        for inner in functions(function)
        for m, d in param_dependencies(inner, module, repo)
    ]
    if any(verdicts):
        return True
    for call in calls(function):
        resolved = resolve_function(repo, module, call.func)
        if resolved is not None and resolved[1] is not function:
            verdict = _guarding_function(resolved[1], resolved[0], repo, depth + 1)
            if verdict:
                return True
            verdicts.append(verdict)
    unknown = None in verdicts or unknown_annotations(function, module, repo)
    return None if unknown else False


def _is_security_target(
    target: ast.expr, module: str, repo: ServiceRepo, depth: int
) -> bool | None:
    """Whether what ``Depends(target)`` calls guards, judged by what it does.

    Only a dependency from a library (``fastapi_users.current_user()``), whose
    code the checker does not read, is judged by its name. ``None`` when it is
    defined in, or depends on, a file that does not parse.
    """
    if _is_scheme(target):
        return True
    reference = target.func if isinstance(target, ast.Call) else target
    resolved = resolve_function(repo, module, reference)
    if resolved is not None:
        return _guarding_function(resolved[1], resolved[0], repo, depth)
    if resolve_class(repo, module, reference) is not None:
        return _guarding_class(reference, module, repo, depth)
    constant = resolve_constant(repo, module, reference)
    if constant is not None:
        owner, value = constant
        if isinstance(value, ast.Call):
            return _is_security_target(value, owner, repo, depth + 1)
        return False
    if from_unreadable(repo, module, reference):
        return None
    return is_security_name(last_name(reference) or "")


def is_security_dependency(
    node: ast.expr, module: str, repo: ServiceRepo, depth: int = 0
) -> bool | None:
    """Whether ``Depends(f)``/``Security(f)`` guards access (``None``: can't tell).

    It does when it is ``Security(...)``, when ``f`` is an OAuth2/HTTP/API-key
    scheme, lives in ``app/core/security.py``, is named for it in whole words,
    or (following the chain of ``Depends``) depends on one that does.
    """
    if not isinstance(node, ast.Call) or not is_depends(node):
        return False
    if (dotted(node.func) or "").endswith("Security"):
        return True
    target = node.args[0] if node.args else keyword(node, "dependency")
    if target is None:
        return False
    return _is_security_target(target, module, repo, depth)
