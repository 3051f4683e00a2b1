"""SEC-xx: authentication, CORS, rate limiting and hard-coded secrets."""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

from acacia_sop.checker.astutil import (
    argument,
    calls,
    dotted,
    keyword,
    last_name,
    string_value,
    walk,
    with_defaults,
)
from acacia_sop.checker.model import Finding, NotChecked, one_per_line
from acacia_sop.checker.names import (
    field_default,
    resolve_string,
    resolve_strings,
    resolve_value,
)
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, module_name
from acacia_sop.checker.routes import Route
from acacia_sop.checker.ruff import diagnostics, unreadable_files
from acacia_sop.checker.rules._app import app_module, uses_module
from acacia_sop.checker.rules._env_reads import env_default
from acacia_sop.checker.rules._routes import (
    HEALTH_PATH,
    is_auth_flow,
    path_segments,
    route_label,
    segment_words,
    service_routes,
    takes_credentials,
)
from acacia_sop.checker.rules._secret_files import (
    ENV_TEMPLATE_SUFFIXES,
    PLACEHOLDER,
    committed_env_files,
    string_literals,
)

HEALTH_WORDS = frozenset({"health", "healthz", "healthcheck", "liveness", "readiness"})


def _is_health_check(route: Route) -> bool:
    """A GET whose path, function name or tags say health (``GET /`` named
    ``health_check`` is one; API-05 judges its path)."""
    tags = keyword(route.decorator, "tags")
    names = [*path_segments(route.path), route.function.name]
    names += [string_value(tag) or "" for tag in getattr(tags, "elts", [])]
    return route.method == "GET" and any(
        HEALTH_WORDS.intersection(segment_words(name)) for name in names
    )


DOCS_TARGETS = re.compile(r"\bdocs_url\b|\bredoc_url\b|^['\"]/(?:docs|redoc)\b")


def _redirects_to_docs(route: Route) -> bool:
    """A GET whose every answer is a redirect to the interactive docs
    (``RedirectResponse(app.docs_url)``, ``"/docs"``): the way to the docs
    hands out no data (see the docs-and-auth interpretation note)."""
    answers = [
        node.value
        for node in walk(route.function)
        if isinstance(node, ast.Return) and node.value is not None
    ]
    return (
        route.method == "GET"
        and bool(answers)
        and all(
            isinstance(answer, ast.Call)
            and last_name(answer.func) == "RedirectResponse"
            and bool(answer.args or answer.keywords)
            and DOCS_TARGETS.search(
                ast.unparse(answer.args[0] if answer.args else answer.keywords[0].value)
            )
            is not None
            for answer in answers
        )
    )


def _is_open(route: Route, repo: ServiceRepo) -> bool:
    """Health checks, auth flows (token, login, recovery) and the way to the
    docs need no token."""
    return (
        _is_health_check(route)
        or route.may_be(HEALTH_PATH)
        or is_auth_flow(route, repo)
        or _redirects_to_docs(route)
    )


def _unguarded(route: Route, repo: ServiceRepo) -> str:
    if takes_credentials(route, repo):
        return (
            f"{route_label(route)} opens an account without a token: only "
            "health and the token endpoint are open; guard it, or record the "
            "open sign-up as a deviation"
        )
    return (
        f"{route_label(route)} has no auth dependency: add Depends(<current "
        "user>) to the route, its router or include_router(dependencies=[...])"
    )


@check(
    "SEC-01",
    looks_at=(
        "a Depends/Security on a security dependency at route, router or include_router"
        " level"
    ),
)
def check_auth(repo: ServiceRepo) -> list[Finding]:
    """SEC-01: every route but health and the auth flows needs security."""
    routes = service_routes(repo)
    unknown = [r for r in routes if r.secured is None]
    findings = [
        Finding(route.file, route.line, _unguarded(route, repo))
        for route in routes
        if route.secured is False and not _is_open(route, repo)
    ]
    if unknown and not findings:
        files = sorted(set(repo.parse_errors))
        raise NotChecked(
            f"{len(unknown)} of {len(routes)} routes depend on files that do not "
            f"parse here ({', '.join(files)}): their auth is unknown"
        )
    return findings


SECRET_NAME = re.compile(
    r"^(?:.*_)?(?:secret|secret_key|password|passwd|pwd|api_key|apikey|"
    r"private_key|access_key|auth_token|access_token|token)$",
    re.IGNORECASE,
)


# Names that describe a secret rather than hold one (``token_type = "bearer"``,
# ``TOKEN_URL = "/auth/token"``).
ABOUT_A_SECRET = re.compile(
    r"""_(?:type|url|uri|path|endpoint|prefix|name|field|header|scheme|algorithm|kind)["']""",
    re.IGNORECASE,
)


KEY_NAME = re.compile(  # secret names ruff's S105-S107 do not cover
    r"^(?:.*_)?(?:api_key|apikey|private_key|access_key)$", re.IGNORECASE
)


KEY_KINDS = {
    "an AWS access key": r"AKIA[0-9A-Z]{16}",
    "a private key": r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
    "a GitHub token": r"gh[pousr]_[A-Za-z0-9]{36}",
    "a Google API key": r"AIza[0-9A-Za-z_\-]{35}",
    "a Stripe live key": r"sk_live_[0-9a-zA-Z]{16,}",
}
"""Known key formats, by what a reader calls them."""
KEY_FORMATS = {kind: re.compile(pattern) for kind, pattern in KEY_KINDS.items()}


def key_kind(literal: str) -> str | None:
    """What known key ``literal`` holds (``a GitHub token``), or ``None``."""
    return next((k for k, f in KEY_FORMATS.items() if f.search(literal)), None)


# Values that sit under secret-sounding names but are settings, not secrets:
# rate limits such as ``5/minute`` or ``10 per hour`` (``RATE_LIMIT_TOKEN``).
NOT_A_SECRET = re.compile(r"^\d+\s*(?:/|per)\s*\d*\s*[a-z]+$", re.IGNORECASE)
# Values that describe the secret instead of holding it: words with spaces
# (``openssl rand -hex 32``, ``the key of the relay``) or a phrase in
# CamelCase that names what goes there (``PasswordOfTheMailRelay``).
DESCRIBES_A_SECRET = re.compile(
    r"\S\s+\S|^(?=[A-Za-z]*(?i:password|secret|token|key))(?:[A-Z][a-z]+){3,}$"
)


def _looks_secret(value: str) -> bool:
    """A literal under a secret name that is neither a placeholder, a
    description of the secret, nor a setting."""
    value = value.strip()
    return not (
        PLACEHOLDER.search(value)
        or DESCRIBES_A_SECRET.search(value)
        or NOT_A_SECRET.match(value)
    )


def _named_values(tree: ast.Module) -> list[tuple[str, ast.expr, int]]:
    """(name, value, line) for assignments, keyword arguments and defaults."""
    found: list[tuple[str, ast.expr, int]] = []
    for node in walk(tree):
        if isinstance(node, ast.Assign):
            found.extend(
                (name, node.value, node.lineno)
                for target in node.targets
                if (name := dotted(target))
            )
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            name = dotted(node.target)
            if name:
                found.append((name, node.value, node.lineno))
        elif isinstance(node, ast.Call):
            found.extend(
                (k.arg, k.value, k.value.lineno) for k in node.keywords if k.arg
            )
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.extend(
                (arg.arg, default, default.lineno)
                for arg, default in with_defaults(node)
                if default is not None
            )
    return found


WRAPPERS = ("Field", "SecretStr", "SecretBytes")


def _wrapped(call: ast.Call) -> ast.expr | None:
    """The literal a ``Field(default=...)`` or ``SecretStr(...)`` holds."""
    if last_name(call.func) == "Field":
        return field_default(call)
    return argument(call, 0, "secret_value")


def _env_defaults(tree: ast.Module) -> list[tuple[str, ast.expr, int]]:
    """(variable, default, line) of environment reads with a literal name."""
    return [
        (name, default, call.lineno)
        for call in calls(tree)
        if (default := env_default(call)) is not None
        and (name := string_value(call.args[0]))
    ]


def _compares(repo: ServiceRepo, file: str, line: int) -> bool:
    """Whether ``line`` compares with a literal and assigns none: the label of
    ``claims["token_use"] != "access"`` is not a secret."""
    tree = repo.tree(file)
    if tree is None:
        return False
    nodes = [n for n in walk(tree) if getattr(n, "lineno", 0) == line]
    assigns = (ast.Assign, ast.AnnAssign, ast.keyword, ast.arguments)
    return any(isinstance(n, ast.Compare) for n in nodes) and not any(
        isinstance(n, assigns) for n in nodes
    )


def _named_secrets(repo: ServiceRepo) -> list[Finding]:
    """Key-like literals under secret names ruff's S105-S107 do not know
    (``API_KEY``, ``PRIVATE_KEY``), and under any secret name in files ruff
    could not read (a Latin-1 file), in a ``Field(default=...)`` or a
    ``SecretStr(...)``, or as the default of an environment read
    (``os.getenv("SECRET_KEY", "...")``), where ruff does not look."""
    findings = []
    unread = unreadable_files(repo)
    for file, tree in repo.trees(repo.source_files):
        # ruff reads assignments (unless the file is unreadable), not env reads
        ruff_reads = KEY_NAME if file not in unread else SECRET_NAME
        candidates = [(*named, ruff_reads) for named in _named_values(tree)]
        candidates += [(*named, SECRET_NAME) for named in _env_defaults(tree)]
        for name, value, line, names in candidates:
            if isinstance(value, ast.Call) and last_name(value.func) in WRAPPERS:
                value, names = _wrapped(value) or value, SECRET_NAME
            literal = value.value if isinstance(value, ast.Constant) else None
            if (
                isinstance(literal, str)
                and names.match(name.rsplit(".", 1)[-1])
                and _looks_secret(literal)
            ):
                findings.append(
                    Finding(
                        file,
                        line,
                        f"`{name}` is a hard-coded secret: read it from the "
                        "environment (Secret Manager in GCP)",
                    )
                )
    return findings


HIDDEN_CONFIG_FOLDERS = (".docker", ".devcontainer", ".config")


@check(
    "SEC-08",
    looks_at=(
        "ruff's S105-S107 (hard-coded passwords, not comparisons) in the service's "
        "code; secret defaults of settings and environment reads; known key "
        "formats; secret values in .env.example; no committed .env file other than "
        ".env.example"
    ),
)
def check_hardcoded_secrets(repo: ServiceRepo) -> list[Finding]:
    """SEC-08: no hard-coded password or key, no committed ``.env`` file.

    A secret on a line is one finding, the most specific: a known key
    format, else the secret name the checker knows, else ruff's.
    """
    findings = [
        Finding(file, node.lineno, f"{kind} in the code: remove it and rotate it")
        for file, tree in repo.trees(repo.source_files)
        for node in string_literals(tree)
        if (kind := key_kind(str(node.value))) is not None
    ]
    findings.extend(_named_secrets(repo))
    findings.extend(
        Finding(
            d.file,
            d.line,
            f"{d.message} (ruff {d.code}): read it from the environment "
            "(Secret Manager in GCP)",
            d.column,
        )
        for d in diagnostics(repo, "SEC-08")
        if _looks_secret(_assigned_literal(repo, d.file, d.line))
        and not _names_itself(repo, d.file, d.line)
        and not _compares(repo, d.file, d.line)
        and not ABOUT_A_SECRET.search(d.message)
    )
    findings.extend(
        Finding(
            env_file,
            None,
            "committed environment file: remove it from git, ignore it in "
            ".gitignore and rotate every secret it held (only .env.example "
            "belongs in the repository)",
        )
        for env_file in committed_env_files(repo)
        if _holds_a_secret(repo.text(env_file))
    )
    for template in env_templates(repo):
        findings.extend(_template_secrets(template, repo.text(template) or ""))
    return one_per_line(findings)


# Names under which an environment file may hold a secret (broader than
# SECRET_NAME: ``DB_PASS``, ``GOOGLE_CREDENTIALS``, ``OAUTH_CLIENT_AUTH``).
SECRET_WORD = re.compile(r"secret|pass|pwd|key|token|credential|auth", re.IGNORECASE)
CREDENTIALS_IN_URL = re.compile(r"://[^/@\s]+@")


def _holds_a_secret(text: str | None) -> bool:
    """Whether a committed environment file may hold a secret: anything but
    a file whose every entry has a harmless name and value (``PYTHONPATH``)."""
    for row in (text or "").splitlines():
        name, equals, value = row.partition("=")
        if row.lstrip().startswith("#") or not equals:
            continue
        if (
            SECRET_WORD.search(name)
            or CREDENTIALS_IN_URL.search(value)
            or key_kind(value.strip().strip("'\"")) is not None
        ):
            return True
    return text is None


def env_templates(repo: ServiceRepo) -> list[str]:
    """``.env.example`` and the other committed templates of env files
    (``.docker/.env.example``, ``.env.staging.sample``), anywhere in the
    service."""
    inside = [
        path
        for path in repo.files_matching(".env*")
        if PurePosixPath(path).name.endswith(ENV_TEMPLATE_SUFFIXES)
    ]
    hidden = [  # files_matching leaves hidden folders out
        path.relative_to(repo.root).as_posix()
        for folder in repo.root.iterdir()
        if folder.is_dir() and folder.name in HIDDEN_CONFIG_FOLDERS
        for path in sorted(folder.glob(".env*"))
        if path.name.endswith(ENV_TEMPLATE_SUFFIXES)
    ]
    return inside + hidden


def _template_secrets(file: str, text: str) -> list[Finding]:
    findings = []
    for number, row in enumerate(text.splitlines(), start=1):
        name, equals, raw = row.partition("=")
        cleaned = raw.strip().strip("'\"")
        if (
            equals
            and not row.lstrip().startswith("#")
            and SECRET_NAME.match(name.strip())
            and _looks_secret(cleaned)
        ):
            findings.append(
                Finding(
                    file,
                    number,
                    f"{name.strip()} has a real-looking value: use an empty or "
                    "`change-me` placeholder",
                )
            )
    return findings


def _names_itself(repo: ServiceRepo, file: str, line: int) -> bool:
    """An enum member whose value is its name (``access_token = "access_token"``
    in ``class TokenKind(str, Enum)``): a label, not a secret."""
    tree = repo.tree(file)
    for node in walk(tree) if tree else []:
        if not isinstance(node, ast.ClassDef) or not any(
            "Enum" in (last_name(base) or "") for base in node.bases
        ):
            continue
        for item in node.body:
            if (
                isinstance(item, ast.Assign)
                and item.lineno == line
                and isinstance(item.targets[0], ast.Name)
            ):
                value = string_value(item.value) or ""
                return item.targets[0].id.lower() == value.lower().replace("-", "_")
    return False


def _assigned_literal(repo: ServiceRepo, file: str, line: int) -> str:
    """The string literal ruff saw on ``line`` (the first one), else ``""``."""
    text = (repo.text(file) or "").splitlines()
    row = text[line - 1] if 0 < line <= len(text) else ""
    match = re.search(r"""(["'])(.*?)\1""", row)
    return match[2] if match else "not-a-literal-placeholder"


RATE_LIMIT_MODULES = ("slowapi", "fastapi_limiter", "limits", "ratelimit")


RATE_LIMIT_NAME = re.compile(r"rate.?limit|limiter|throttl", re.IGNORECASE)


def _cors_calls(repo: ServiceRepo) -> list[tuple[str, ast.Call]]:
    return [
        (file, call)
        for file, tree in repo.trees(repo.app_files)
        for call in calls(tree)
        if last_name(call.func) in ("add_middleware", "Middleware")
        and last_name(argument(call, 0, "middleware_class") or call) == "CORSMiddleware"
    ]


def _env_wildcards(
    repo: ServiceRepo, module: str, node: ast.expr, depth: int = 0
) -> list[tuple[str, int]]:
    """Where a value falls back to every origin when its environment variable
    is unset: ``os.getenv("ORIGINS", "*").split(",")``, directly or in a
    constant it is built from (file and line of the environment read)."""
    resolved = resolve_value(repo, module, node)
    if resolved is None or depth > 2:
        return []
    owner, value = resolved
    found: list[tuple[str, int]] = []
    for call in calls(value):
        text = string_value(env_default(call)) or ""
        if "*" in re.split(r"[\s,;]+", text.strip()) and owner in repo.modules:
            found.append((repo.modules[owner], call.lineno))
    for name in ast.walk(value):
        if isinstance(name, ast.Name) and name is not value:
            found.extend(_env_wildcards(repo, owner, name, depth + 1))
    return found


@check(
    "SEC-06",
    looks_at='add_middleware(CORSMiddleware, allow_origins=...) without "*"',
)
def check_cors(repo: ServiceRepo) -> list[Finding]:
    """SEC-06: CORSMiddleware is installed with explicit origins, never ``*``."""
    found = _cors_calls(repo)
    if not found:
        return [
            Finding(
                app_module(repo),
                None,
                "no CORS configuration: add CORSMiddleware "
                "with allow_origins from settings",
            )
        ]
    findings = []
    for file, call in found:
        origins = keyword(call, "allow_origins")
        regex = keyword(call, "allow_origin_regex")
        if origins is None and regex is None:
            findings.append(
                Finding(
                    file,
                    call.lineno,
                    "CORSMiddleware without allow_origins: list the allowed origins",
                )
            )
        module = module_name(file)
        # resolved through module constants and settings defaults; a value only
        # known at run time (the environment) can't be judged here
        alternatives = origins.values if isinstance(origins, ast.BoolOp) else [origins]
        wildcards = {  # `settings.ORIGINS or ["*"]`: any alternative may be used
            _written_at(repo, module, alternative) or (file, call.lineno)
            for alternative in alternatives
            if alternative is not None
            and "*" in (resolve_strings(repo, module, alternative) or [])
        }
        pattern = resolve_string(repo, module, regex) if regex else None
        if pattern in (".*", "*"):
            wildcards.add((file, call.lineno))
        findings.extend(
            Finding(
                where,
                line,
                'CORS allows every origin ("*"): list the known front-end origins'
                + (
                    ""
                    if where == file
                    else f" (CORSMiddleware at {file}:{call.lineno})"
                ),
            )
            for where, line in sorted(wildcards)
        )
        if not wildcards and origins is not None:
            findings.extend(
                Finding(
                    where,
                    line,
                    'CORS allows every origin ("*") by default, when its environment '
                    "variable is unset: default to the known front-end origins "
                    f"(CORSMiddleware at {file}:{call.lineno})",
                )
                for where, line in sorted(set(_env_wildcards(repo, module, origins)))
            )
    return findings


def _written_at(
    repo: ServiceRepo, module: str, node: ast.expr
) -> tuple[str, int] | None:
    """Where the value ``node`` names is written (a settings default, a
    constant), ``None`` when ``node`` is the value itself or its file unknown."""
    resolved = resolve_value(repo, module, node)
    if resolved is None or resolved[1] is node:
        return None
    owner = repo.modules.get(resolved[0])
    return (owner, resolved[1].lineno) if owner else None


@check(
    "SEC-02",
    looks_at=(
        "slowapi/fastapi-limiter, or a rate-limit middleware or dependency in app/"
    ),
)
def check_rate_limiting(repo: ServiceRepo) -> list[Finding]:
    """SEC-02: a rate limiter is installed (library, middleware or dependency)."""
    if uses_module(repo, RATE_LIMIT_MODULES):
        return []
    for _, tree in repo.trees(repo.app_files):
        for call in calls(tree):
            name = last_name(call.func)
            named = "dependency" if name == "Depends" else "middleware_class"
            target = argument(call, 0, named)
            if name in ("add_middleware", "Depends", "Middleware") and (
                target is not None and RATE_LIMIT_NAME.search(last_name(target) or "")
            ):
                return []
    return [
        Finding(
            app_module(repo),
            None,
            "no rate limiting: add a rate-limit middleware or "
            "dependency that answers 429 with Retry-After",
        )
    ]
