"""Blocking I/O of well-known synchronous clients, where ruff's ASYNC rules
do not look: boto3, redis' sync client, sync SQLAlchemy sessions,
``requests`` sessions, urllib; and sync helpers of the service that make
such calls on behalf of an ``async def``."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from acacia_sop.checker.astutil import (
    FunctionNode,
    calls,
    dotted,
    parameters,
    qualified,
    walk,
)
from acacia_sop.checker.names import module_imports, resolve_function
from acacia_sop.checker.repo import ServiceRepo, module_name

BLOCKING_FUNCTIONS = ("requests.", "urllib.request.", "urllib3.request")
"""Module functions that do network I/O when called."""

SYNC_CLIENTS = frozenset(
    {
        "boto3.client",
        "boto3.resource",
        "boto3.Session",
        "boto3.session.Session",
        "redis.Redis",
        "redis.StrictRedis",
        "redis.from_url",
        "redis.Redis.from_url",
        "redis.client.Redis",
        "requests.Session",
        "requests.session",
        "urllib3.PoolManager",
        "sqlalchemy.create_engine",
        "sqlalchemy.orm.Session",
        "sqlalchemy.orm.sessionmaker",
        "sqlalchemy.orm.scoped_session",
        "sqlmodel.Session",
        "sqlmodel.create_engine",
    }
)
"""Constructors of synchronous clients: calling a method of one blocks."""

HELPER_DEPTH = 2


@dataclass(frozen=True)
class Blocking:
    """A blocking call: where it is and what it calls."""

    file: str
    line: int
    what: str


def _clients(scope: ast.AST, imported: dict[str, str], known: set[str]) -> set[str]:
    """Names bound to a synchronous client in ``scope``: assigned one (or a
    call of a client factory such as ``SessionLocal()``), opened by ``with``,
    or a parameter typed as one."""
    found = set(known)
    for _ in range(
        2
    ):  # a factory's product: SessionLocal = sessionmaker(); s = SessionLocal()
        for node in walk(scope):
            value, targets = _binding(node)
            if isinstance(value, ast.Call) and (
                qualified(value.func, imported) in SYNC_CLIENTS
                or (dotted(value.func) or "") in found
            ):
                found.update(name for t in targets if (name := dotted(t)))
    if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
        found.update(
            arg.arg
            for arg in parameters(scope)
            if arg.annotation is not None
            and qualified(arg.annotation, imported) in SYNC_CLIENTS
        )
    return found


def _binding(node: ast.AST) -> tuple[ast.expr | None, list[ast.expr]]:
    if isinstance(node, ast.Assign):
        return node.value, node.targets
    if isinstance(node, ast.AnnAssign) and node.value is not None:
        return node.value, [node.target]
    if isinstance(node, ast.withitem) and node.optional_vars is not None:
        return node.context_expr, [node.optional_vars]
    return None, []


def _what(call: ast.Call, imported: dict[str, str], clients: set[str]) -> str | None:
    """What a call blocks on (``requests.get``, ``s3.put_object``), or ``None``."""
    name = qualified(call.func, imported) or ""
    if name.startswith(BLOCKING_FUNCTIONS) and name not in SYNC_CLIENTS:
        return name
    if isinstance(call.func, ast.Attribute):
        receiver = dotted(call.func.value) or ""
        if receiver in clients:
            return f"{receiver}.{call.func.attr}"
    return None


def _module_clients(repo: ServiceRepo, module: str) -> set[str]:
    """Names a module binds to a sync client at its top level (once per module)."""
    return repo.memo(f"sync-clients:{module}", lambda: _top_clients(repo, module))


def _top_clients(repo: ServiceRepo, module: str) -> set[str]:
    tree = repo.tree(repo.modules.get(module, ""))
    if tree is None:
        return set()
    top = ast.Module(
        body=[s for s in tree.body if not isinstance(s, FUNCTIONS)], type_ignores=[]
    )
    return _clients(top, module_imports(repo, module), set())


FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def blocking_calls(
    repo: ServiceRepo, file: str, function: FunctionNode, depth: int = 0
) -> list[tuple[ast.Call, Blocking]]:
    """Each call of ``function`` that blocks: a sync client's call, or a call
    of the service's sync function that makes one (with where it blocks)."""
    module = module_name(file)
    imported = module_imports(repo, module)
    clients = _clients(function, imported, _module_clients(repo, module))
    in_lambdas = {  # run in a thread: ``to_thread(lambda: s3.put_object(...))``
        id(call)
        for node in walk(function)
        if isinstance(node, ast.Lambda)
        for call in calls(node)
    }
    found = []
    for call in calls(function):
        if id(call) in in_lambdas:
            continue
        what = _what(call, imported, clients)
        if what is not None:
            found.append((call, Blocking(file, call.lineno, what)))
            continue
        resolved = resolve_function(repo, module, call.func)
        callee = repo.modules.get(resolved[0]) if resolved else None
        if (
            resolved is not None
            and callee is not None
            and isinstance(resolved[1], ast.FunctionDef)
            and depth < HELPER_DEPTH
        ):
            inner = blocking_calls(repo, callee, resolved[1], depth + 1)
            if inner:
                found.append((call, inner[0][1]))
    return found
