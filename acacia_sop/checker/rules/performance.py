"""Performance: async-only I/O, error handling and timeouts."""

from __future__ import annotations

import ast

from acacia_sop.checker import ruff
from acacia_sop.checker.astutil import calls, functions
from acacia_sop.checker.model import Finding
from acacia_sop.checker.names import resolve_string
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, module_name
from acacia_sop.checker.rules.database import (
    ASYNC_CLIENTS,
    COLLECTION_METHODS,
    client_calls,
)


def _blocking_database_calls(repo: ServiceRepo) -> list[Finding]:
    """Collection calls inside ``async def`` when every MongoDB client the
    service creates is PyMongo's synchronous ``MongoClient``."""
    clients = client_calls(repo)
    if not clients or any(name.endswith(ASYNC_CLIENTS) for _, _, name in clients):
        return []
    findings: list[Finding] = []
    for file, tree in repo.trees(repo.application_files):
        for function in functions(tree):
            if not isinstance(function, ast.AsyncFunctionDef):
                continue
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
            )
    return findings


@check(
    "PERF-02",
    "Async-only I/O",
    "ruff's ASYNC rules in the service's code (no blocking HTTP, file, "
    "subprocess or sleep call inside an async function), and collection calls "
    "inside async functions when the only MongoDB client is synchronous",
)
def check_async_io(repo: ServiceRepo) -> list[Finding]:
    """PERF-02: no blocking call in async code."""
    findings = ruff.findings(repo, "PERF-02", "use the async equivalent")
    return findings + _blocking_database_calls(repo)


OPERATION_TIMEOUTS = ("timeoutMS", "socketTimeoutMS")


def _has_operation_timeout(repo: ServiceRepo, file: str, call: ast.Call) -> bool:
    """Whether a MongoDB client gets a deadline for each operation: a timeout
    option, options it can't see (``**options``), or one in a literal URI."""
    if any(k.arg in OPERATION_TIMEOUTS or k.arg is None for k in call.keywords):
        return True
    uri = resolve_string(repo, module_name(file), call.args[0]) if call.args else None
    return uri is not None and any(option in uri for option in OPERATION_TIMEOUTS)


@check(
    "PERF-04",
    "Error handling and timeouts",
    "ruff's BLE001 and E722 (no blind or bare except) and S113 (HTTP "
    "requests with a timeout) in the service's code, and a timeoutMS or "
    "socketTimeoutMS on every MongoDB client",
)
def check_error_handling(repo: ServiceRepo) -> list[Finding]:
    """PERF-04: exceptions are caught by type, outbound calls have timeouts."""
    findings = ruff.findings(
        repo, "PERF-04", "catch the exceptions you expect and map them to an error"
    )
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
