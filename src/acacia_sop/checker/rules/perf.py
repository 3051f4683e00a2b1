"""PERF-xx: async-only I/O, error handling and timeouts, JSON logging."""

from __future__ import annotations

import ast
import re

from acacia_sop.checker import ruff
from acacia_sop.checker.astutil import (
    FunctionNode,
    calls,
    dotted,
    functions,
    last_name,
    qualified,
    string_value,
    walk,
)
from acacia_sop.checker.model import Finding, one_per_line
from acacia_sop.checker.names import (
    module_imports,
    resolve_function,
    resolve_string,
)
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, module_name
from acacia_sop.checker.rules._app import app_module, uses_module
from acacia_sop.checker.rules._blocking import blocking_calls
from acacia_sop.checker.rules._mongo import (
    ASYNC_CLIENTS,
    COLLECTION_METHODS,
    DB_RECEIVER,
    client_calls,
)

JSON_LOGGING_MODULES = ("pythonjsonlogger", "structlog", "json_log_formatter")


LOGGING_WORDS = frozenset(
    {"log", "logs", "logger", "logging", "structlog", "loguru", "dictconfig"}
)


NOT_SET_UP = frozenset(
    {"getlogger", "get_logger", "debug", "info", "warning", "error", "exception"}
    | {"critical", "log", "bind"}
)


JSON_LOGGING_TEXT = ("JsonFormatter", "jsonlogger", "serialize=True")


def _json_formatter_class(repo: ServiceRepo) -> bool:
    for _, tree in repo.trees(repo.app_files):
        for node in walk(tree):
            if (
                isinstance(node, ast.ClassDef)
                and any("Formatter" in ast.unparse(b) for b in node.bases)
                and "json.dumps" in ast.unparse(node)
            ):
                return True
    return False


@check(
    "PERF-05",
    looks_at=(
        "a JSON log formatter in app/, a logging set-up call in app/main.py, and no "
        "print() in the service's code (ruff T201)"
    ),
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
        named or uses_module(repo, JSON_LOGGING_MODULES) or _json_formatter_class(repo)
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


ASYNC_ODM = re.compile(r"^\s*(?:from|import)\s+(?:beanie|odmantic|motor)\b", re.M)


def _is_collection(receiver: ast.expr) -> bool:
    """``db["users"]``, ``db.users`` or a name that says collection; not a
    string's ``find`` or a data frame's ``drop``."""
    if isinstance(receiver, ast.Subscript):
        return True
    if isinstance(receiver, ast.Attribute) and DB_RECEIVER.search(
        last_name(receiver.value) or ""
    ):
        return True
    return "collection" in (last_name(receiver) or "").lower()


def _collection_variables(scope: ast.AST) -> set[str]:
    """Names assigned a collection in ``scope``: ``users = db["users"]``."""
    return {
        name
        for node in walk(scope)
        if isinstance(node, ast.Assign) and _is_collection(node.value)
        for target in node.targets
        if (name := dotted(target))
    }


def _queries(function: FunctionNode, known: set[str]) -> list[ast.Call]:
    """The collection calls a function makes: ``db["users"].find_one(...)``."""
    return [
        call
        for call in calls(function)
        if isinstance(call.func, ast.Attribute)
        and call.func.attr in COLLECTION_METHODS
        and (
            _is_collection(call.func.value) or (dotted(call.func.value) or "") in known
        )
    ]


BUILT_IN_METHODS = frozenset(
    name for kind in (dict, list, set, str, bytes) for name in dir(kind)
)
"""``items.add(x)`` or ``names.get(k)`` calls no helper, whatever it is named."""


def _sync_query_helpers(repo: ServiceRepo) -> set[str]:
    """Names of the service's plain ``def`` functions and methods that query
    a collection, themselves or through another such helper; a name also
    given to an ``async def`` (a call of it may be awaited) or to a method of
    a built-in type is left out."""
    sync: dict[str, list[FunctionNode]] = {}
    asynchronous: set[str] = set()
    known: dict[int, set[str]] = {}
    for _, tree in repo.trees(repo.application_files):
        module_level = _collection_variables(tree)
        for function in functions(tree):
            if isinstance(function, ast.AsyncFunctionDef):
                asynchronous.add(function.name)
                continue
            sync.setdefault(function.name, []).append(function)
            known[id(function)] = module_level | _collection_variables(function)
    helpers = {
        name
        for name, defined in sync.items()
        if any(_queries(function, known[id(function)]) for function in defined)
    }
    for _ in range(2):  # a method that queries through another one
        helpers |= {
            name
            for name, defined in sync.items()
            if any(
                last_name(call.func) in helpers
                for function in defined
                for call in calls(function)
            )
        }
    return helpers - asynchronous - BUILT_IN_METHODS


def _sync_mongo_only(repo: ServiceRepo) -> bool:
    """Every MongoDB client the service creates is PyMongo's ``MongoClient``."""
    application = set(repo.application_files)
    clients = [client for client in client_calls(repo) if client[0] in application]
    return not (
        not clients
        or any(name.endswith(ASYNC_CLIENTS) for _, _, name in clients)
        or any(ASYNC_ODM.search(repo.text(file) or "") for file in application)
    )


def _blocking_database_calls(repo: ServiceRepo) -> list[Finding]:
    """Collection calls inside ``async def`` when every MongoDB client the
    service creates is PyMongo's synchronous ``MongoClient``."""
    if not _sync_mongo_only(repo):
        return []
    findings: list[Finding] = []
    for file, tree in repo.trees(repo.application_files):
        module_level = _collection_variables(tree)
        for function in functions(tree):
            if not isinstance(function, ast.AsyncFunctionDef):
                continue
            known = module_level | _collection_variables(function)
            findings.extend(
                Finding(
                    file,
                    call.lineno,
                    f"{call.func.attr}() on the synchronous MongoClient blocks the "
                    "event loop: use Motor or PyMongo's AsyncMongoClient",
                )
                for call in calls(function)
                if isinstance(call.func, ast.Attribute)
                and call.func.attr in COLLECTION_METHODS
                and (
                    _is_collection(call.func.value)
                    or (dotted(call.func.value) or "") in known
                )
            )
    return findings


def _blocking_helper_calls(repo: ServiceRepo) -> list[Finding]:
    """Calls inside ``async def`` of the service's sync functions and methods
    that query a collection, when the only MongoDB client is synchronous: a
    repository class around a PyMongo collection blocks like a direct call."""
    if not _sync_mongo_only(repo):
        return []
    helpers = _sync_query_helpers(repo)
    findings: list[Finding] = []
    for file, tree in repo.trees(repo.application_files):
        for function in functions(tree):
            if not isinstance(function, ast.AsyncFunctionDef):
                continue
            findings.extend(
                Finding(
                    file,
                    call.lineno,
                    f"{dotted(call.func) or last_name(call.func)}() queries MongoDB "
                    f"through the synchronous MongoClient and blocks the event loop "
                    f"in async {function.name}: use Motor or PyMongo's "
                    "AsyncMongoClient",
                )
                for call in calls(function)
                if last_name(call.func) in helpers
                and not _missing_in_module(repo, module_name(file), call)
            )
    return findings


def _missing_in_module(repo: ServiceRepo, module: str, call: ast.Call) -> bool:
    """``a_module.name()`` where the service's module defines no ``name``: a
    method of the same name elsewhere is not what runs."""
    if not isinstance(call.func, ast.Attribute):
        return False
    imported = module_imports(repo, module)
    receiver = qualified(call.func.value, imported) or ""
    return receiver in repo.modules and (
        resolve_function(repo, module, call.func) is None
    )


@check(
    "PERF-02",
    looks_at=(
        "ruff's ASYNC rules in the service's code (no blocking HTTP, file, subprocess "
        "or sleep call inside an async function); calls of sync clients (requests, "
        "boto3, redis, SQLAlchemy sessions, urllib) in async functions or in the "
        "service's sync functions they call; and collection calls inside async "
        "functions when the only MongoDB client is synchronous"
    ),
)
def check_async_io(repo: ServiceRepo) -> list[Finding]:
    """PERF-02: no blocking call in async code."""
    findings = ruff.findings(repo, "PERF-02", "use the async equivalent")
    findings += _blocking_database_calls(repo) + _blocking_client_calls(repo)
    findings += _blocking_helper_calls(repo)
    return one_per_line(findings)


def _blocking_client_calls(repo: ServiceRepo) -> list[Finding]:
    """Sync clients' calls in ``async def``, and calls of the service's sync
    functions that make one."""
    findings = []
    for file, tree in repo.trees(repo.application_files):
        for function in functions(tree):
            if not isinstance(function, ast.AsyncFunctionDef):
                continue
            for call, blocking in blocking_calls(repo, file, function):
                direct = (blocking.file, blocking.line) == (file, call.lineno)
                where = (
                    f"{blocking.what}()"
                    if direct
                    else f"{dotted(call.func)}(), which calls {blocking.what}() "
                    f"at {blocking.file}:{blocking.line},"
                )
                findings.append(
                    Finding(
                        file,
                        call.lineno,
                        f"{where} blocks the event loop in async {function.name}: "
                        "use an async client, or run it in a thread "
                        "(asyncio.to_thread)",
                    )
                )
    return findings


OPERATION_TIMEOUTS = ("timeoutMS", "socketTimeoutMS")


def _options_may_hold_a_timeout(
    repo: ServiceRepo, module: str, options: ast.expr, scope: ast.AST
) -> bool:
    """``**options``: a dict literal, a name assigned one in ``scope`` or at
    module level, or a call of the service's function returning one; anything
    else can't be read and is given the benefit of the doubt."""
    value: ast.expr | None = options
    if isinstance(options, ast.Name):
        assigned = [
            node.value
            for node in walk(scope)
            if isinstance(node, ast.Assign)
            and options.id in {t.id for t in node.targets if isinstance(t, ast.Name)}
        ]
        value = assigned[-1] if assigned else None
    elif isinstance(options, ast.Call):
        function = resolve_function(repo, module, options.func)
        returns = [
            node.value
            for node in (walk(function[1]) if function else [])
            if isinstance(node, ast.Return) and node.value is not None
        ]
        value = returns[-1] if returns else None
    if not isinstance(value, ast.Dict):
        return True
    keys = {string_value(key) for key in value.keys if key is not None}
    return bool(keys & set(OPERATION_TIMEOUTS)) or None in value.keys


def _has_operation_timeout(repo: ServiceRepo, file: str, call: ast.Call) -> bool:
    """Whether a MongoDB client gets a deadline for each operation: a timeout
    option (given by name or in ``**options``) or one in a literal URI."""
    module = module_name(file)
    scope = repo.tree(file) or call
    for given in call.keywords:
        if given.arg in OPERATION_TIMEOUTS:
            return True
        if given.arg is None and _options_may_hold_a_timeout(
            repo, module, given.value, scope
        ):
            return True
    uri = resolve_string(repo, module, call.args[0]) if call.args else None
    return uri is not None and any(option in uri for option in OPERATION_TIMEOUTS)


BLIND_EXCEPT = ("BLE001", "E722")
VALIDATORS = ("field_validator", "model_validator", "validator", "root_validator")
VALIDATION_ERRORS = (
    "ValueError",
    "TypeError",
    "AssertionError",
    "PydanticCustomError",
    "ValidationError",
)


def _is_validator(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(
        last_name(d.func if isinstance(d, ast.Call) else d) in VALIDATORS
        for d in function.decorator_list
    )


def _validation_helpers(repo: ServiceRepo) -> frozenset[str]:
    """Names of the functions that only pydantic validators call: what they
    raise ends as the validator's error."""

    def build() -> frozenset[str]:
        by_validators: set[str] = set()
        elsewhere: set[str] = set()
        for _, tree in repo.trees(repo.source_files):
            inside: set[int] = set()
            for function in functions(tree):
                if _is_validator(function):
                    for call in calls(function):
                        inside.add(id(call))
                        by_validators.add(last_name(call.func) or "")
            elsewhere.update(
                last_name(call.func) or ""
                for call in calls(tree)
                if id(call) not in inside
            )
        return frozenset(by_validators - elsewhere - {""})

    return repo.memo("perf-validation-helpers", build)


def _raises_validation_error(node: ast.AST) -> bool:
    return any(
        isinstance(item, ast.Raise)
        and item.exc is not None
        and last_name(item.exc.func if isinstance(item.exc, ast.Call) else item.exc)
        in VALIDATION_ERRORS
        for item in walk(node)
    )


def _validator_error(repo: ServiceRepo, file: str, line: int) -> bool:
    """Whether the ``except`` on ``line`` is in a pydantic validator (or a
    helper only validators call) and turns what it catches into a validation
    error (pydantic answers 422 with it): it raises one, or it only moves on
    to the next attempt and the function ends by raising one."""
    tree = repo.tree(file)
    helpers = _validation_helpers(repo)
    for function in functions(tree) if tree else []:
        if not (_is_validator(function) or function.name in helpers):
            continue
        for node in walk(function):
            if isinstance(node, ast.ExceptHandler) and node.lineno == line:
                moves_on = all(
                    isinstance(item, ast.Pass | ast.Continue) for item in node.body
                )
                return _raises_validation_error(node) or (
                    moves_on and _raises_validation_error(function)
                )
    return False


@check(
    "PERF-04",
    looks_at=(
        "ruff's BLE001 and E722 (no blind or bare except, but for a pydantic "
        "validator that raises a validation error) and S113 (HTTP requests with "
        "a timeout) in the service's code, and a timeoutMS or socketTimeoutMS on every "
        "MongoDB client"
    ),
)
def check_error_handling(repo: ServiceRepo) -> list[Finding]:
    """PERF-04: exceptions are caught by type, outbound calls have timeouts."""
    findings = [
        Finding(
            d.file,
            d.line,
            f"{d.message} (ruff {d.code}): "
            + (
                "pass timeout="
                if d.code == "S113"
                else "catch the exceptions you expect and map them to an error"
            ),
            d.column,
        )
        for d in ruff.diagnostics(repo, "PERF-04")
        if not (d.code in BLIND_EXCEPT and _validator_error(repo, d.file, d.line))
    ]
    findings.extend(
        Finding(
            file,
            call.lineno,
            "MongoDB client without an operation timeout: pass timeoutMS (or "
            "socketTimeoutMS), so a hung server ends in a 503, not a hung request",
        )
        for file, call, _ in client_calls(repo)
        if not _has_operation_timeout(repo, file, call)
    )
    return findings
