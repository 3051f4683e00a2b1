"""MongoDB: where clients are made, async drivers, names and indexes."""

from __future__ import annotations

import ast
import re

from acacia_sop.checker.astutil import (
    argument,
    calls,
    keyword,
    last_name,
    qualified,
    string_value,
)
from acacia_sop.checker.model import Finding, NotChecked
from acacia_sop.checker.names import module_imports, resolve_string
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, module_name

DATABASE_MODULE = "app/core/database.py"
ASYNC_CLIENTS = ("AsyncIOMotorClient", "AsyncMongoClient")
SYNC_CLIENTS = ("pymongo.MongoClient", "pymongo.mongo_client.MongoClient")
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DB_RECEIVER = re.compile(
    r"^_*(?:\w+_)?(?:db|database|client|mongo(?:_client)?)$", re.IGNORECASE
)
NAME_CONSTANT = re.compile(
    r"(?:^|_)(?:collection|database|db)s?(?:_names?)?$", re.IGNORECASE
)
NAME_CALLS = ("get_collection", "get_database", "create_collection")
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
SKIPPED_NAMES = ("system.", "fs.")
COLLECTION_ATTRIBUTES = ("__collection__", "__collection_name__", "collection_name")
IRREGULAR_PLURALS = frozenset(
    {"people", "children", "data", "media", "criteria", "feedback", "metadata"}
)
INDEX_DEFINITIONS = ("IndexModel", "IndexDefinition", "Index", "Indexed")
INDEX_CALLS = ("create_index", "create_indexes", *INDEX_DEFINITIONS)


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


NO_CLIENT = "no MongoDB client is created (Motor or PyMongo)"
MONGO_PACKAGES = ("motor", "pymongo", "beanie", "odmantic", "mongoengine", "bson")


def _require_mongo(repo: ServiceRepo) -> None:
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


@check(
    "DB-01",
    "calls to Motor/PyMongo client classes outside app/core/database.py",
)
def check_client_location(repo: ServiceRepo) -> list[Finding]:
    """DB-01: MongoDB clients are created only in ``app/core/database.py``."""
    _require_mongo(repo)
    clients = client_calls(repo)
    if not clients and not repo.exists(DATABASE_MODULE):
        raise NotChecked(NO_CLIENT)
    if not repo.exists(DATABASE_MODULE):
        today = ", ".join(f"{file}:{call.lineno}" for file, call, _ in clients)
        return [
            Finding(
                DATABASE_MODULE,
                None,
                f"missing: clients are created in {today}; move that code "
                "here and create the MongoDB client nowhere else",
            )
        ]
    return [
        Finding(
            file,
            call.lineno,
            f"creates a MongoDB client ({name.rsplit('.', 1)[-1]}): import the "
            f"factory from {DATABASE_MODULE} instead",
        )
        for file, call, name in clients
        if file != DATABASE_MODULE
    ]


@check(
    "DB-02",
    "no pymongo.MongoClient; app/core/database.py builds AsyncIOMotorClient or "
    "AsyncMongoClient",
)
def check_async_driver(repo: ServiceRepo) -> list[Finding]:
    """DB-02: only async clients (Motor or PyMongo's AsyncMongoClient)."""
    _require_mongo(repo)
    if not client_calls(repo) and not repo.exists(DATABASE_MODULE):
        raise NotChecked(NO_CLIENT)
    findings = [
        Finding(
            file,
            call.lineno,
            "synchronous pymongo.MongoClient: use AsyncIOMotorClient or "
            "pymongo.AsyncMongoClient",
        )
        for file, call, name in client_calls(repo)
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
    """A literal, or the string a constant or a settings field's default holds."""
    return resolve_string(repo, module, node)


def _literal_strings(node: ast.expr) -> list[ast.Constant]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.Dict):
        return [c for v in node.values if v for c in _literal_strings(v)]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [c for e in node.elts for c in _literal_strings(e)]
    return []


Name = tuple[str, str | None, int]
"""(kind, name, line): kind is ``collection`` or ``database``."""


def _subscript_name(repo: ServiceRepo, module: str, node: ast.Subscript) -> Name | None:
    """``db["orders"]`` (a collection) or ``client["shop"]`` (a database)."""
    receiver = node.value
    if isinstance(receiver, ast.Subscript):  # client["db"]["collection"]
        receiver = receiver.value
        kind = "collection"
    else:
        kind = "database" if "client" in (last_name(receiver) or "").lower() else ""
    if not DB_RECEIVER.search(last_name(receiver) or ""):
        return None
    return (kind or "collection", _string(repo, module, node.slice), node.lineno)


def _attribute_collection(node: ast.Call) -> Name | None:
    """``db.orders.find(...)``: a collection named by attribute."""
    func = node.func
    if not (
        isinstance(func, ast.Attribute)
        and func.attr in COLLECTION_METHODS
        and isinstance(func.value, ast.Attribute)
    ):
        return None
    receiver = func.value.value
    name = last_name(receiver) or ""
    if DB_RECEIVER.search(name) and "client" not in name.lower():
        return ("collection", func.value.attr, node.lineno)
    return None


def _class_names(node: ast.ClassDef) -> list[Name]:
    """``__collection__ = "x"`` and Beanie's ``class Settings: name = "x"``
    (``class Collection`` before Beanie 1.8)."""
    found: list[Name] = []
    for item in node.body:
        target = (
            item.targets[0]
            if isinstance(item, ast.Assign) and len(item.targets) == 1
            else item.target
            if isinstance(item, ast.AnnAssign)
            else None
        )
        value = item.value if isinstance(item, ast.Assign | ast.AnnAssign) else None
        if isinstance(target, ast.Name) and target.id in COLLECTION_ATTRIBUTES:
            found.append(("collection", string_value(value), item.lineno))
        if isinstance(item, ast.ClassDef) and item.name in ("Settings", "Collection"):
            found.extend(
                ("collection", string_value(n.value), n.lineno)
                for n in item.body
                if isinstance(n, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "name" for t in n.targets)
            )
    return found


def _names_in_module(repo: ServiceRepo, file: str, tree: ast.Module) -> list[Name]:
    """(kind, name, line) of every collection or database name a module uses."""
    module = module_name(file)
    found: list[Name | None] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            found.append(_subscript_name(repo, module, node))
        elif isinstance(node, ast.ClassDef):
            found.extend(_class_names(node))
        elif isinstance(node, ast.Dict):
            found.extend(
                ("collection", string_value(v), v.lineno)
                for k, v in zip(node.keys, node.values, strict=True)
                if k is not None and string_value(k) == "collection"
            )
        elif isinstance(node, ast.Call):
            found.append(_attribute_collection(node))
            name = last_name(node.func)
            named = argument(node, 0, "name") if name in NAME_CALLS else None
            if named is not None:
                kind = "database" if name == "get_database" else "collection"
                found.append((kind, _string(repo, module, named), node.lineno))
            collection = keyword(node, "collection") or keyword(node, "collection_name")
            if collection is not None:
                found.append(
                    ("collection", _string(repo, module, collection), node.lineno)
                )
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                match = isinstance(target, ast.Name) and NAME_CONSTANT.search(target.id)
                if not match:
                    continue
                kind = "collection" if "coll" in match[0].lower() else "database"
                found.extend(
                    (kind, c.value, c.lineno)
                    for c in _literal_strings(node.value)
                    if isinstance(c.value, str)
                )
    return [
        item
        for item in found
        if item is not None and item[1] and not item[1].startswith(SKIPPED_NAMES)
    ]


def _plural(name: str) -> bool:
    word = re.split(r"[-_.]", name.lower())[-1]
    return word in IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith("ss"))


def _name_problem(kind: str, name: str) -> str | None:
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()
    fixed = re.sub(r"[^a-z0-9]+", "-", words).strip("-")
    if kind == "collection" and not _plural(fixed):
        fixed += "s"
    if not KEBAB.match(name):
        return f"{kind} name {name!r} is not kebab-case: use {fixed!r}"
    if kind == "collection" and not _plural(name):
        return f"collection name {name!r} is not a plural noun: use {fixed!r}"
    return None


@check(
    "STY-05",
    '`db["..."]` subscripts, get_collection(), collection= arguments and *_COLLECTION '
    "/ DATABASE* constants",
)
def check_kebab_names(repo: ServiceRepo) -> list[Finding]:
    """STY-05: collection names are plural kebab-case, database names kebab-case."""
    _require_mongo(repo)
    found = [
        (file, kind, name or "", line)
        for file, tree in repo.trees(repo.source_files)
        for kind, name, line in _names_in_module(repo, file, tree)
    ]
    if not found:
        raise NotChecked("no collection or database name found")
    reported: dict[tuple[str, str], Finding] = {}  # each name once, first place
    for file, kind, name, line in sorted(found, key=lambda f: (f[0], f[3] or 0)):
        problem = _name_problem(kind, name)
        if problem and (kind, name) not in reported:
            reported[(kind, name)] = Finding(file, line, problem)
    return list(reported.values())


def _in_migrations(file: str) -> bool:
    """Under any ``migrations/`` folder, or Alembic's ``versions/``."""
    folders = file.split("/")[:-1]
    return "migrations" in folders or "versions" in folders


def _assigned_names(statement: ast.stmt) -> list[str]:
    """The plain names an assignment sets (``x = ...``, ``x: T = ...``)."""
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, ast.AnnAssign):
        targets = [statement.target]
    else:
        return []
    return [target.id for target in targets if isinstance(target, ast.Name)]


def _is_empty(value: ast.expr | None) -> bool:
    return isinstance(value, ast.List | ast.Tuple) and not value.elts


def _beanie_indexes(repo: ServiceRepo) -> list[tuple[str, int]]:
    """(file, line) of each index a Beanie document declares, which
    ``init_beanie`` creates at start-up: ``class Settings: indexes = [...]``
    and ``Indexed(...)`` field types."""
    found: list[tuple[str, int]] = []
    files = [f for f in repo.source_files if "beanie" in (repo.text(f) or "")]
    if any(
        last_name(call.func) == "init_beanie"
        and ast.unparse(keyword(call, "skip_indexes") or ast.Constant(False)) == "True"
        for _, tree in repo.trees(files)
        for call in calls(tree)
    ):
        return []  # init_beanie(skip_indexes=True): migrations create them
    for file, tree in repo.trees(files):
        for document in ast.walk(tree):
            if not isinstance(document, ast.ClassDef):
                continue
            for item in document.body:
                if isinstance(item, ast.AnnAssign) and any(
                    last_name(call.func) == "Indexed" for call in calls(item)
                ):
                    found.append((file, item.lineno))
                if isinstance(item, ast.ClassDef) and item.name == "Settings":
                    found.extend(
                        (file, setting.lineno)
                        for setting in item.body
                        if "indexes" in _assigned_names(setting)
                        and not _is_empty(getattr(setting, "value", None))
                    )
    return found


def _index_calls(repo: ServiceRepo) -> list[tuple[str, ast.Call]]:
    _require_mongo(repo)
    found = [
        (file, call)
        for file, tree in repo.trees(repo.source_files)
        for call in calls(tree)
        if last_name(call.func) in INDEX_DEFINITIONS
        or (  # collection.create_index(...), not the service's own create_index()
            last_name(call.func) in ("create_index", "create_indexes")
            and isinstance(call.func, ast.Attribute)
        )
    ]
    if not found and not _beanie_indexes(repo):
        raise NotChecked("no index is created (create_index, IndexModel, Indexed)")
    return found


@check(
    "DB-10",
    "create_index()/create_indexes() calls and Beanie index declarations "
    "(Settings.indexes, Indexed fields) outside migrations/",
)
def check_indexes_in_migrations(repo: ServiceRepo) -> list[Finding]:
    """DB-10: indexes are created only by migration scripts."""
    findings = [
        Finding(
            file,
            call.lineno,
            f"{last_name(call.func)}() outside migrations/: define the index in a "
            "migration script",
        )
        for file, call in _index_calls(repo)
        if not _in_migrations(file)
        and last_name(call.func) in ("create_index", "create_indexes")
    ]
    findings.extend(
        Finding(
            file,
            line,
            "Beanie creates this index at start-up (init_beanie): define it in a "
            "migration script instead",
        )
        for file, line in _beanie_indexes(repo)
        if not _in_migrations(file)
    )
    return findings


def _has_purpose(call: ast.Call, lines: list[str]) -> bool:
    purpose = string_value(keyword(call, "purpose"))
    if purpose and purpose.strip():
        return True
    nearby = lines[max(call.lineno - 2, 0) : call.lineno]
    return any("#" in line for line in nearby)


@check(
    "DB-11",
    'every index definition (in migrations/ or not) carries purpose="..." or a comment',
)
def check_index_purpose(repo: ServiceRepo) -> list[Finding]:
    """DB-11: each index states its purpose, wherever it is defined."""
    findings: list[Finding] = []
    for file, call in _index_calls(repo):
        lines = (repo.text(file) or "").splitlines()
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
