"""DB-xx: where MongoDB clients are made, async drivers, connection strings, indexes."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from acacia_sop.checker.astutil import (
    FunctionNode,
    calls,
    keyword,
    last_name,
    string_value,
    walk,
)
from acacia_sop.checker.model import Finding, NotChecked, one_per_line
from acacia_sop.checker.names import resolve_function, resolve_string
from acacia_sop.checker.per_request import per_request_functions
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, module_name
from acacia_sop.checker.rules._mongo import (
    ASYNC_CLIENTS,
    INDEX_DEFINITIONS,
    client_calls,
    require_mongo,
)
from acacia_sop.checker.rules._secret_files import (
    PLACEHOLDER,
    committed_env_files,
    string_literals,
)

DATABASE_MODULE = "app/core/database.py"


SYNC_CLIENTS = ("pymongo.MongoClient", "pymongo.mongo_client.MongoClient")


NO_CLIENT = "no MongoDB client is created (Motor or PyMongo)"


@check(
    "DB-01",
    looks_at="calls to Motor/PyMongo client classes outside app/core/database.py",
)
def check_client_location(repo: ServiceRepo) -> list[Finding]:
    """DB-01: MongoDB clients are created only in ``app/core/database.py``."""
    require_mongo(repo)
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
    looks_at=(
        "no pymongo.MongoClient; app/core/database.py builds AsyncIOMotorClient or "
        "AsyncMongoClient"
    ),
)
def check_async_driver(repo: ServiceRepo) -> list[Finding]:
    """DB-02: only async clients (Motor or PyMongo's AsyncMongoClient)."""
    require_mongo(repo)
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
    findings.extend(
        Finding(
            file,
            line,
            f"builds a MongoDB client on every request ({function}, a route or "
            "dependency, gets here): create one client at start-up (the lifespan) "
            "and hand out its database",
        )
        for file, line, function in _per_request(
            repo, _builds_client, in_request_code=True
        )
    )
    for file, tree in repo.trees(repo.source_files):
        for node in walk(tree):
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
    return one_per_line(
        sorted(set(findings), key=lambda f: (f.file, f.line or 0, f.message))
    )


Wanted = Callable[[ServiceRepo, str, ast.Call], bool]


def _per_request(
    repo: ServiceRepo, wanted: Wanted, *, in_request_code: bool = False
) -> list[tuple[str, int, str]]:
    """(file, line, route or dependency) of each wanted call that runs on every
    request: in a route handler or a dependency FastAPI calls for it, or in a
    function of the service they call (``client = create_client()``).

    ``in_request_code`` reports the line of the route or dependency that
    leads there (the line to change when a factory is also rightly used once),
    not the line of the wanted call.
    """
    found: dict[tuple[str, int], str] = {}
    for file, function in per_request_functions(repo):
        if not _made_once(function):
            for line, site in _sites(repo, file, function, wanted, depth=0):
                found.setdefault(
                    (file, line) if in_request_code else site, function.name
                )
    return [(file, line, name) for (file, line), name in found.items()]


def _sites(
    repo: ServiceRepo, file: str, function: FunctionNode, wanted: Wanted, depth: int
) -> list[tuple[int, tuple[str, int]]]:
    """(line of the call in ``function``, (file, line) of the wanted call) of
    the wanted calls a function makes, itself or through the functions of the
    service it calls."""
    found = []
    for call in calls(function):
        if wanted(repo, file, call):
            found.append((call.lineno, (file, call.lineno)))
            continue
        resolved = resolve_function(repo, module_name(file), call.func)
        callee = repo.modules.get(resolved[0]) if resolved else None
        if resolved and callee and depth < 2 and not _made_once(resolved[1]):
            inner = _sites(repo, callee, resolved[1], wanted, depth + 1)
            found += [(call.lineno, site) for _, site in inner]
    return found


CACHES = ("cache", "lru_cache", "cached")


def _made_once(function: FunctionNode) -> bool:
    """Whether a function keeps what it makes: a cached function, or one that
    sets a global (``_client = ...`` the first time)."""
    decorators = [
        d.func if isinstance(d, ast.Call) else d for d in function.decorator_list
    ]
    return any(last_name(d) in CACHES for d in decorators) or any(
        isinstance(node, ast.Global | ast.Nonlocal) for node in walk(function)
    )


def _builds_client(repo: ServiceRepo, file: str, call: ast.Call) -> bool:
    """Whether a call builds a MongoDB client."""
    return any(c is call for f, c, _ in client_calls(repo) if f == file)


def _creates_indexes(repo: ServiceRepo, file: str, call: ast.Call) -> bool:
    """Whether a call is a collection's ``create_index(es)``."""
    return isinstance(call.func, ast.Attribute) and call.func.attr in (
        "create_index",
        "create_indexes",
    )


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
        for document in walk(tree):
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
    require_mongo(repo)
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
    looks_at=(
        "create_index()/create_indexes() calls and Beanie index declarations "
        "(Settings.indexes, Indexed fields) outside migrations/"
    ),
)
def check_indexes_in_migrations(repo: ServiceRepo) -> list[Finding]:
    """DB-10: indexes are created only by migration scripts, never per request."""
    findings = [
        Finding(
            file,
            line,
            f"creates indexes on every request ({function}, a route or dependency, "
            "gets here): define them in a migration script",
        )
        for file, line, function in _per_request(repo, _creates_indexes)
    ]
    findings += [
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
    return one_per_line(findings)


def _has_purpose(call: ast.Call, lines: list[str]) -> bool:
    purpose = string_value(keyword(call, "purpose"))
    if purpose and purpose.strip():
        return True
    nearby = lines[max(call.lineno - 2, 0) : call.lineno]
    return any("#" in line for line in nearby)


@check(
    "DB-11",
    looks_at=(
        'every index definition (in migrations/ or not) carries purpose="..." or a '
        "comment"
    ),
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


CONNECTION_WITH_CREDENTIALS = re.compile(
    r"mongodb(?:\+srv)?://(?P<user>[^:/@\s'\"]+):(?P<password>[^@\s'\"]+)@"
)


TEXT_FILES = (
    ".env.example",
    "Dockerfile",
    "cloudbuild.yaml",
    "cloudbuild-staging.yaml",
    "docker-compose.yaml",
    "docker-compose.yml",
)


def _is_placeholder_password(password: str) -> bool:
    return bool(PLACEHOLDER.search(password)) or password.startswith(("<", "$", "{"))


def _connection_findings(file: str, text: str, line: int) -> list[Finding]:
    findings = []
    for offset, row in enumerate(text.splitlines()):
        match = CONNECTION_WITH_CREDENTIALS.search(row)
        if (
            match
            and not _is_placeholder_password(match["password"])
            and not match["user"].startswith(("[", "<"))  # [user:pass@]
        ):
            findings.append(
                Finding(
                    file,
                    line + offset,
                    "connection string with a user and password: read it from "
                    "the MONGO_URI environment variable (Secret Manager)",
                )
            )
    return findings


def _rendered(repo: ServiceRepo, module: str, joined: ast.JoinedStr) -> str:
    """An f-string with each part the checker can resolve (constants, settings
    defaults) filled in, and ``{name}`` for the rest."""
    parts = []
    for value in joined.values:
        if isinstance(value, ast.FormattedValue):
            known = resolve_string(repo, module, value.value)
            parts.append(known if known is not None else "{" + ast.unparse(value) + "}")
        else:
            parts.append(string_value(value) or "")
    return "".join(parts)


@check(
    "DB-03",
    looks_at=(
        "`mongodb://user:pass@` in Python strings, .env.example, Dockerfile and Cloud "
        "Build files"
    ),
)
def check_connection_strings(repo: ServiceRepo) -> list[Finding]:
    """DB-03: no MongoDB connection string with credentials in code or config."""
    findings: list[Finding] = []
    for file, tree in repo.trees(repo.source_files):  # test credentials are fake
        for node in string_literals(tree):
            assert isinstance(node.value, str)
            findings.extend(_connection_findings(file, node.value, node.lineno))
        for joined in (n for n in walk(tree) if isinstance(n, ast.JoinedStr)):
            rendered = _rendered(repo, module_name(file), joined)
            findings.extend(_connection_findings(file, rendered, joined.lineno))
    for file in [*TEXT_FILES, *committed_env_files(repo)]:
        text = repo.text(file)
        if text is not None:
            findings.extend(_connection_findings(file, text, 1))
    return findings
