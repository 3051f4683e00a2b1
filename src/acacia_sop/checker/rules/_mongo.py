"""MongoDB clients, collections and index definitions in the service's code."""

from __future__ import annotations

import ast
import re

from acacia_sop.checker.astutil import (
    calls,
    qualified,
)
from acacia_sop.checker.model import NotChecked
from acacia_sop.checker.names import module_imports
from acacia_sop.checker.repo import ServiceRepo, module_name

ASYNC_CLIENTS = ("AsyncIOMotorClient", "AsyncMongoClient")


DB_RECEIVER = re.compile(
    r"^_*(?:\w+_)?(?:db|database|client|mongo(?:_client)?)$", re.IGNORECASE
)


COLLECTION_METHODS = frozenset(
    {
        "find",
        "find_one",
        "insert_one",
        "insert_many",
        "update_one",
        "update_many",
        "replace_one",
        "delete_one",
        "delete_many",
        "aggregate",
        "count_documents",
        "distinct",
        "bulk_write",
        "find_one_and_update",
        "find_one_and_delete",
        "find_one_and_replace",
        "create_index",
        "create_indexes",
        "drop",
    }
)


INDEX_DEFINITIONS = ("IndexModel", "IndexDefinition", "Index", "Indexed")


def client_calls(repo: ServiceRepo) -> list[tuple[str, ast.Call, str]]:
    """(file, call, qualified name) of every MongoDB client construction."""
    return repo.memo("mongo-clients", lambda: _find_client_calls(repo))


def _find_client_calls(repo: ServiceRepo) -> list[tuple[str, ast.Call, str]]:
    found = []
    files = [f for f in repo.source_files if "Client" in (repo.text(f) or "")]
    for file, tree in repo.trees(files):
        imported = module_imports(repo, module_name(file))
        for call in calls(tree):
            name = qualified(call.func, imported) or ""
            if name.startswith(("motor", "pymongo")) and name.rsplit(".", 1)[-1] in (
                *ASYNC_CLIENTS,
                "MongoClient",
            ):
                found.append((file, call, name))
    return found


MONGO_PACKAGES = ("motor", "pymongo", "beanie", "odmantic", "mongoengine", "bson")


def require_mongo(repo: ServiceRepo) -> None:
    """Raise :class:`NotChecked` when no source file imports a MongoDB library."""

    def uses() -> bool:
        return any(
            origin.split(".")[0] in MONGO_PACKAGES
            for file in repo.source_files
            if any(p in (repo.text(file) or "") for p in MONGO_PACKAGES)
            for origin in module_imports(repo, module_name(file)).values()
        )

    if not repo.memo("uses-mongo", uses):
        raise NotChecked(
            "the service does not use MongoDB (no motor, pymongo, beanie or "
            "odmantic import)"
        )
