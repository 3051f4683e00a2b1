"""Cross-cutting set-up: JSON logging, CORS and rate limiting."""

from __future__ import annotations

import ast
import re

from acacia_sop.checker import ruff
from acacia_sop.checker.astutil import argument, calls, dotted, keyword, last_name
from acacia_sop.checker.model import Finding
from acacia_sop.checker.names import (
    module_imports,
    resolve_function,
    resolve_string,
    resolve_strings,
)
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, module_name

MAIN = "app/main.py"
JSON_LOGGING_MODULES = ("pythonjsonlogger", "structlog", "json_log_formatter")
RATE_LIMIT_MODULES = ("slowapi", "fastapi_limiter", "limits", "ratelimit")
RATE_LIMIT_NAME = re.compile(r"rate.?limit|limiter|throttl", re.IGNORECASE)
LOGGING_WORDS = frozenset(
    {"log", "logs", "logger", "logging", "structlog", "loguru", "dictconfig"}
)
NOT_SET_UP = frozenset(
    {"getlogger", "get_logger", "debug", "info", "warning", "error", "exception"}
    | {"critical", "log", "bind"}
)
JSON_LOGGING_TEXT = ("JsonFormatter", "jsonlogger", "serialize=True")


def app_module(repo: ServiceRepo) -> str:
    """The file that builds the app: app/main.py, else where ``FastAPI()`` is."""
    if repo.exists(MAIN) or not repo.app_modules:
        return MAIN
    return repo.app_modules[0]


def _uses_module(repo: ServiceRepo, roots: tuple[str, ...]) -> bool:
    """Whether an app module imports from one of the ``roots`` packages."""
    return any(
        origin.split(".")[0] in roots
        for file, _ in repo.trees(repo.app_files)
        for origin in module_imports(repo, module_name(file)).values()
    )


def _json_formatter_class(repo: ServiceRepo) -> bool:
    for _, tree in repo.trees(repo.app_files):
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ClassDef)
                and any("Formatter" in ast.unparse(b) for b in node.bases)
                and "json.dumps" in ast.unparse(node)
            ):
                return True
    return False


@check(
    "PERF-05",
    "a JSON log formatter in app/, a logging set-up call in app/main.py, and "
    "no print() in the service's code (ruff T201)",
)
def check_json_logging(repo: ServiceRepo) -> list[Finding]:
    """PERF-05: a JSON log formatter exists and app/main.py configures logging."""
    findings = []
    named = any(
        text in (repo.text(file) or "")
        for file in repo.app_files
        for text in JSON_LOGGING_TEXT
    )
    if not (
        named or _uses_module(repo, JSON_LOGGING_MODULES) or _json_formatter_class(repo)
    ):
        findings.append(
            Finding(
                "app/core/logging.py",
                None,
                "no JSON log formatter: use "
                "python-json-logger's JsonFormatter (or a json.dumps Formatter)",
            )
        )
    main = app_module(repo)
    if not _configures_logging(repo, main):
        findings.append(
            Finding(
                main,
                None,
                "logging is not configured at start-up: call "
                "configure_logging() in create_app()",
            )
        )
    findings.extend(
        ruff.findings(repo, "PERF-05", "log with the structured logger instead")
    )
    return findings


def _is_logging_call(call: ast.Call) -> bool:
    """A call that sets logging up (``configure_logging()``, ``dictConfig``),
    not one that gets a logger or writes a record."""
    name = dotted(call.func) or ""
    if name.rsplit(".", 1)[-1].lower() in NOT_SET_UP:
        return False
    return bool(LOGGING_WORDS.intersection(re.split(r"[._]", name.lower())))


def _imported_files(repo: ServiceRepo, file: str) -> list[str]:
    """The service's files ``file`` imports, directly or through others."""
    seen = [file]
    for current in seen:
        for target in module_imports(repo, module_name(current)).values():
            owner = target if target in repo.modules else target.rpartition(".")[0]
            found = repo.modules.get(owner)
            if found is not None and found not in seen:
                seen.append(found)
    return seen[1:]


def _sets_up_logging(
    repo: ServiceRepo, module: str, call: ast.Call, depth: int = 0
) -> bool:
    """A set-up call, or a call of the service's own function that makes one
    (``init_loggers()``, a ``get_logger()`` that adds a handler)."""
    if _is_logging_call(call):
        return True
    resolved = resolve_function(repo, module, call.func) if depth < 2 else None
    return resolved is not None and any(
        _sets_up_logging(repo, resolved[0], inner, depth + 1)
        for inner in calls(resolved[1])
    )


def _configures_logging(repo: ServiceRepo, main: str) -> bool:
    """Whether logging is set up at start-up: a set-up call anywhere in the
    app's module, or at import time (module level) in a module it imports."""
    tree = repo.tree(main)
    module = module_name(main)
    if tree is not None and any(_sets_up_logging(repo, module, c) for c in calls(tree)):
        return True
    return any(
        _sets_up_logging(repo, module_name(file), call)
        for file, module_tree in repo.trees(_imported_files(repo, main))
        for statement in module_tree.body
        if not isinstance(
            statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
        )
        for call in calls(statement)
    )


def _cors_calls(repo: ServiceRepo) -> list[tuple[str, ast.Call]]:
    return [
        (file, call)
        for file, tree in repo.trees(repo.app_files)
        for call in calls(tree)
        if last_name(call.func) in ("add_middleware", "Middleware")
        and last_name(argument(call, 0, "middleware_class") or call) == "CORSMiddleware"
    ]


@check(
    "SEC-06",
    'add_middleware(CORSMiddleware, allow_origins=...) without "*"',
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
        listed = [  # `settings.ORIGINS or ["*"]`: any alternative may be used
            origin
            for alternative in alternatives
            if alternative is not None
            for origin in resolve_strings(repo, module, alternative) or []
        ]
        pattern = resolve_string(repo, module, regex) if regex else None
        if "*" in listed or pattern in (".*", "*"):
            findings.append(
                Finding(
                    file,
                    call.lineno,
                    'CORS allows every origin ("*"): list the known front-end origins',
                )
            )
    return findings


@check(
    "SEC-02",
    "slowapi/fastapi-limiter, or a rate-limit middleware or dependency in app/",
)
def check_rate_limiting(repo: ServiceRepo) -> list[Finding]:
    """SEC-02: a rate limiter is installed (library, middleware or dependency)."""
    if _uses_module(repo, RATE_LIMIT_MODULES):
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
