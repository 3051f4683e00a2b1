"""MongoDB: where clients are made, async drivers, names and indexes."""

from __future__ import annotations

import ast
import re

from acacia_sop.checker.astutil import (
    calls,
    keyword,
    last_name,
    qualified,
    string_value,
)
from acacia_sop.checker.model import Finding
from acacia_sop.checker.names import module_imports, resolve_constant
from acacia_sop.checker.repo import ServiceRepo, module_name

DATABASE_MODULE = "app/core/database.py"
ASYNC_CLIENTS = ("AsyncIOMotorClient", "AsyncMongoClient")
SYNC_CLIENTS = ("pymongo.MongoClient", "pymongo.mongo_client.MongoClient")
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DB_RECEIVER = re.compile(
    r"^(?:\w+_)?(?:db|database|client|mongo(?:_client)?)$", re.IGNORECASE
)
NAME_CONSTANT = re.compile(
    r"(?:^|_)(?:collection|database|db)s?(?:_names?)?$", re.IGNORECASE
)
NAME_CALLS = ("get_collection", "get_database", "create_collection")
INDEX_DEFINITIONS = ("IndexModel", "IndexDefinition", "Index")


def _client_calls(repo: ServiceRepo) -> list[tuple[str, ast.Call, str]]:
    """(file, call, qualified name) of every MongoDB client construction."""
    found = []
    for file, tree in repo.trees(repo.source_files):
        imported = module_imports(repo, module_name(file))
        for call in calls(tree):
            name = qualified(call.func, imported) or ""
            if name.startswith(("motor", "pymongo")) and name.rsplit(".", 1)[-1] in (
                *ASYNC_CLIENTS,
                "MongoClient",
            ):
                found.append((file, call, name))
    return found


def check_client_location(repo: ServiceRepo) -> list[Finding]:
    """DB-01: MongoDB clients are created only in ``app/core/database.py``."""
    if not repo.exists(DATABASE_MODULE):
        return [
            Finding(
                DATABASE_MODULE,
                None,
                "missing: create the MongoDB client here and nowhere else",
            )
        ]
    return [
        Finding(
            file,
            call.lineno,
            f"creates a MongoDB client ({name.rsplit('.', 1)[-1]}): import the "
            f"factory from {DATABASE_MODULE} instead",
        )
        for file, call, name in _client_calls(repo)
        if file != DATABASE_MODULE
    ]


def check_async_driver(repo: ServiceRepo) -> list[Finding]:
    """DB-02: only async clients (Motor or PyMongo's AsyncMongoClient)."""
    findings = [
        Finding(
            file,
            call.lineno,
            "synchronous pymongo.MongoClient: use AsyncIOMotorClient or "
            "pymongo.AsyncMongoClient",
        )
        for file, call, name in _client_calls(repo)
        if name in SYNC_CLIENTS
    ]
    for file, tree in repo.trees(repo.source_files):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in (
                "pymongo",
                "pymongo.mongo_client",
            ):
                findings.extend(
                    Finding(
                        file,
                        node.lineno,
                        "imports the synchronous "
                        "pymongo.MongoClient: use an async client",
                    )
                    for alias in node.names
                    if alias.name == "MongoClient"
                )
    database = repo.tree(DATABASE_MODULE)
    if database is not None and not any(
        last_name(c.func) in ASYNC_CLIENTS for c in calls(database)
    ):
        findings.append(
            Finding(
                DATABASE_MODULE,
                None,
                "creates no async client: build an "
                "AsyncIOMotorClient (or AsyncMongoClient) with pool options",
            )
        )
    return sorted(set(findings), key=lambda f: (f.file, f.line or 0))


def _string(repo: ServiceRepo, module: str, node: ast.expr) -> str | None:
    value = string_value(node)
    if value is None:
        resolved = resolve_constant(repo, module, node)
        value = string_value(resolved[1]) if resolved else None
    return value


def _literal_strings(node: ast.expr) -> list[ast.Constant]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.Dict):
        return [c for v in node.values if v for c in _literal_strings(v)]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [c for e in node.elts for c in _literal_strings(e)]
    return []


def _names_in_module(
    repo: ServiceRepo, file: str, tree: ast.Module
) -> list[tuple[str, int]]:
    """(name, line) of every collection or database name a module uses."""
    module = module_name(file)
    found: list[tuple[str | None, int]] = []
    for node in ast.walk(tree):
        receiver = node.value if isinstance(node, ast.Subscript) else None
        if isinstance(receiver, ast.Subscript):  # client["db"]["collection"]
            receiver = receiver.value
        if receiver is not None and DB_RECEIVER.search(last_name(receiver) or ""):
            assert isinstance(node, ast.Subscript)
            found.append((_string(repo, module, node.slice), node.lineno))
        elif isinstance(node, ast.Call):
            if last_name(node.func) in NAME_CALLS and node.args:
                found.append((_string(repo, module, node.args[0]), node.lineno))
            collection = keyword(node, "collection")
            if collection is not None:
                found.append((_string(repo, module, collection), node.lineno))
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(
                isinstance(t, ast.Name) and NAME_CONSTANT.search(t.id) for t in targets
            ):
                found.extend(
                    (c.value, c.lineno)
                    for c in _literal_strings(node.value)
                    if isinstance(c.value, str)
                )
    return [(name, line) for name, line in found if name]


def check_kebab_names(repo: ServiceRepo) -> list[Finding]:
    """STY-05: collection and database names are kebab-case."""
    findings: list[Finding] = []
    for file, tree in repo.trees(repo.python_files):
        findings.extend(
            Finding(
                file,
                line,
                f"collection/database name {name!r} is not kebab-case: use "
                f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')!r}",
            )
            for name, line in _names_in_module(repo, file, tree)
            if not KEBAB.match(name)
        )
    return sorted(set(findings), key=lambda f: (f.file, f.line or 0))


def _in_migrations(file: str) -> bool:
    return file.split("/")[0] == "migrations"


def check_indexes_in_migrations(repo: ServiceRepo) -> list[Finding]:
    """DB-10: indexes are created only by migration scripts."""
    return [
        Finding(
            file,
            call.lineno,
            f"{last_name(call.func)}() outside migrations/: define the index in a "
            "migration script",
        )
        for file, tree in repo.trees(repo.source_files)
        if not _in_migrations(file)
        for call in calls(tree)
        if last_name(call.func) in ("create_index", "create_indexes")
    ]


def _has_purpose(call: ast.Call, lines: list[str]) -> bool:
    purpose = string_value(keyword(call, "purpose"))
    if purpose and purpose.strip():
        return True
    nearby = lines[max(call.lineno - 2, 0) : call.lineno]
    return any("#" in line for line in nearby)


def check_index_purpose(repo: ServiceRepo) -> list[Finding]:
    """DB-11: each index in a migration states its purpose."""
    findings: list[Finding] = []
    for file, tree in repo.trees(repo.source_files):
        if not _in_migrations(file):
            continue
        lines = (repo.text(file) or "").splitlines()
        for call in calls(tree):
            name = last_name(call.func)
            literal_keys = bool(call.args) and isinstance(
                call.args[0], ast.Constant | ast.List | ast.Tuple
            )
            is_index = name in INDEX_DEFINITIONS or (
                name == "create_index" and literal_keys
            )
            if is_index and not _has_purpose(call, lines):
                findings.append(
                    Finding(
                        file,
                        call.lineno,
                        'index without a stated purpose: add purpose="..." '
                        "(or a comment above) saying which query needs it",
                    )
                )
    return findings
