"""STY-xx: line length, type hints, naming, collection names and the API prefix."""

from __future__ import annotations

import ast
import re

from acacia_sop.checker import ruff
from acacia_sop.checker.astutil import (
    argument,
    functions,
    keyword,
    last_name,
    parameters,
    string_value,
    walk,
)
from acacia_sop.checker.model import Finding, NotChecked
from acacia_sop.checker.names import (
    resolve_string,
)
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, module_name
from acacia_sop.checker.routes import UNKNOWN
from acacia_sop.checker.rules._mongo import (
    COLLECTION_METHODS,
    DB_RECEIVER,
    require_mongo,
)
from acacia_sop.checker.rules._odm_names import HOW_TO_NAME, implicit_collections
from acacia_sop.checker.rules._pages import is_hidden, is_page
from acacia_sop.checker.rules._plurals import is_plural_noun, plural_noun
from acacia_sop.checker.rules._routes import API_PREFIX, route_label, service_routes
from acacia_sop.checker.rules._ruff_config import ruff_config
from acacia_sop.checker.rules._text import line_of

LINE_LENGTH = 88


NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z0-9, ]+))?", re.IGNORECASE)


FLAKE8_LENGTH = re.compile(r"^\s*max[-_]line[-_]length\s*=\s*(\d+)", re.MULTILINE)


def _other_line_length(repo: ServiceRepo) -> tuple[str, object] | None:
    """(file, length) set for black or flake8 when ruff is not configured."""
    black = repo.tool_config("black")
    if black is not None:
        return "pyproject.toml", black.get("line-length", LINE_LENGTH)
    for file in ("setup.cfg", ".flake8", "tox.ini"):
        match = FLAKE8_LENGTH.search(repo.text(file) or "")
        if match:
            return file, int(match[1])
    return None


def _long_by_exception(line: str) -> bool:
    noqa = NOQA.search(line)
    if noqa and (not noqa["codes"] or "E501" in noqa["codes"]):
        return True
    words = line.split()
    return len(words) == 1 or "://" in words[-1]


def _long_lines(repo: ServiceRepo) -> list[Finding]:
    """With no line length configured: each file with lines over 88 columns,
    excepting what ruff's E501 excepts (a line of one word or ending with a
    URL, and ``# noqa`` or ``# noqa: E501``)."""
    findings = []
    for file in repo.python_files:
        long = [
            number
            for number, line in enumerate((repo.text(file) or "").splitlines(), 1)
            if len(line) > LINE_LENGTH and not _long_by_exception(line)
        ]
        if long:
            findings.append(
                Finding(
                    file,
                    long[0],
                    f"{len(long)} line(s) over {LINE_LENGTH} columns: set "
                    f"[tool.ruff] line-length = {LINE_LENGTH} and run ruff format",
                )
            )
    return findings


@check(
    "STY-02",
    looks_at=(
        "the line length ruff is configured with (88, its default), or black's or "
        "flake8's when ruff is not configured, or else the lines themselves"
    ),
)
def check_line_length(repo: ServiceRepo) -> list[Finding]:
    """STY-02: the line length is 88, set where ruff reads it."""
    found = ruff_config(repo)
    if found is None:
        other = _other_line_length(repo)
        if other is None:
            return _long_lines(repo)
        file, length = other
    else:
        file, config = found
        length = config.get("line-length", LINE_LENGTH)
    if length == LINE_LENGTH:
        return []
    return [
        Finding(
            file,
            line_of(repo.text(file), "line-length"),
            f"line-length is {length}: set `line-length = {LINE_LENGTH}`",
        )
    ]


@check(
    "STY-01",
    looks_at=(
        "ruff's ANN rules on every function (parameters, not self/cls, and return "
        "type); a Python file that does not parse is reported here (no check can read "
        "it), unless it needs a newer Python than the checker's"
    ),
)
def check_type_hints(repo: ServiceRepo) -> list[Finding]:
    """STY-01: every function annotates its parameters and return type.

    A Python file that does not parse can't be checked by any rule; it is
    reported here, once, unless the service needs a newer Python than the
    one running the checker (then it is unknown, see the note).
    """
    if not repo.python_files:
        raise NotChecked("no Python file")
    findings: list[Finding] = []
    if not repo.needs_newer_python:
        findings.extend(
            Finding(
                file,
                line,
                f"does not parse ({reason}): fix it; no check can read this file",
            )
            for file, (line, reason) in repo.parse_errors.items()
        )
    return findings + ruff.findings(repo, "STY-01", "annotate it")


@check(
    "STY-04",
    looks_at=(
        "ruff's pep8-naming (N) rules, honouring the service's ignore-names: snake_case"
        " modules and functions, PascalCase classes"
    ),
)
def check_naming(repo: ServiceRepo) -> list[Finding]:
    """STY-04: snake_case modules and functions, PascalCase classes."""
    if not repo.python_files:
        raise NotChecked("no Python file")
    return ruff.findings(repo, "STY-04", "rename it")


@check(
    "STY-06",
    looks_at="full path of every route (APIRouter and include_router prefixes joined)",
)
def check_api_prefix(repo: ServiceRepo) -> list[Finding]:
    """STY-06: every route is served under ``/api/v1``; routes whose prefix
    can't be resolved (a setting without a default) are not judged."""
    findings = []
    routes = service_routes(repo)
    unknown = [route for route in routes if not route.known]
    for route in routes:
        if route.path == API_PREFIX or route.path.startswith(API_PREFIX + "/"):
            continue
        if not route.known or is_hidden(route) or is_page(route):
            continue
        findings.append(
            Finding(
                route.file,
                route.line,
                f"{route_label(route)} is not under "
                f'{API_PREFIX}: mount its router with prefix="{API_PREFIX}"',
            )
        )
    if unknown and not findings:
        raise NotChecked(
            f"the full path of {len(unknown)} of {len(routes)} routes is unknown "
            f"({UNKNOWN} in "
            f"{unknown[0].path}): write prefixes as literals, constants or "
            "settings defaults"
        )
    return findings


KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


NAME_CONSTANT = re.compile(
    r"(?:^|_)(?:collection|database|db)s?(?:_names?)?$", re.IGNORECASE
)


NAME_CALLS = ("get_collection", "get_database", "create_collection")


SKIPPED_NAMES = ("system.", "fs.")


COLLECTION_ATTRIBUTES = ("__collection__", "__collection_name__", "collection_name")


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


def _is_database_type(annotation: ast.expr | None) -> bool:
    return annotation is not None and any(
        (last_name(part) or "").endswith("Database")
        for part in ast.walk(annotation)
        if isinstance(part, ast.Name | ast.Attribute)
    )


def _global_databases(repo: ServiceRepo) -> frozenset[str]:
    """Module-level names annotated with a database type anywhere in the
    service (``session: Database = client["shop"]``), whatever they are called."""

    def build() -> frozenset[str]:
        return frozenset(
            node.target.id
            for _, tree in repo.trees(repo.source_files)
            for node in tree.body
            if isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and _is_database_type(node.annotation)
        )

    return repo.memo("sty-global-databases", build)


def _typed_receivers(repo: ServiceRepo, tree: ast.Module) -> set[int]:
    """The bare names in ``tree`` that stand for a database by their type: a
    global typed as one, or a parameter of the enclosing function typed as one
    (``conn: AsyncIOMotorDatabase``)."""
    globals_ = _global_databases(repo)
    found = {
        id(node)
        for node in walk(tree)
        if isinstance(node, ast.Name) and node.id in globals_
    }
    for function in functions(tree):
        typed = {a.arg for a in parameters(function) if _is_database_type(a.annotation)}
        found.update(
            id(node)
            for node in walk(function)
            if isinstance(node, ast.Name) and node.id in typed
        )
    return found


def _subscript_name(
    repo: ServiceRepo, module: str, node: ast.Subscript, typed: set[int]
) -> Name | None:
    """``db["orders"]`` (a collection) or ``client["shop"]`` (a database)."""
    receiver = node.value
    if isinstance(receiver, ast.Subscript):  # client["db"]["collection"]
        receiver = receiver.value
        kind = "collection"
    else:
        kind = "database" if "client" in (last_name(receiver) or "").lower() else ""
    if not (DB_RECEIVER.search(last_name(receiver) or "") or id(receiver) in typed):
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
    typed = _typed_receivers(repo, tree)
    found: list[Name | None] = []
    for node in walk(tree):
        if isinstance(node, ast.Subscript):
            found.append(_subscript_name(repo, module, node, typed))
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
    return is_plural_noun(re.split(r"[-_.]", name.lower())[-1])


def _name_problem(kind: str, name: str) -> str | None:
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()
    fixed = re.sub(r"[^a-z0-9]+", "-", words).strip("-")
    if kind == "collection" and not _plural(fixed):
        head, dash, last = fixed.rpartition("-")
        fixed = f"{head}{dash}{plural_noun(last)}"
    if not KEBAB.match(name):
        return f"{kind} name {name!r} is not kebab-case: use {fixed!r}"
    if kind == "collection" and not _plural(name):
        return f"collection name {name!r} is not a plural noun: use {fixed!r}"
    return None


@check(
    "STY-05",
    looks_at=(
        '`db["..."]` subscripts, get_collection(), collection= arguments, '
        "*_COLLECTION / DATABASE* constants and the names Beanie and ODMantic "
        "give documents that name none"
    ),
)
def check_kebab_names(repo: ServiceRepo) -> list[Finding]:
    """STY-05: collection names are plural kebab-case, database names kebab-case."""
    require_mongo(repo)
    found = [
        (file, kind, name or "", line)
        for file, tree in repo.trees(repo.source_files)
        for kind, name, line in _names_in_module(repo, file, tree)
    ]
    implicit = [
        (file, odm, name, line)
        for file, tree in repo.trees(repo.source_files)
        for odm, name, line in implicit_collections(repo, file, tree)
    ]
    if not found and not implicit:
        raise NotChecked("no collection or database name found")
    reported: dict[tuple[str, str], Finding] = {}  # each name once, first place
    for file, kind, name, line in sorted(found, key=lambda f: (f[0], f[3] or 0)):
        problem = _name_problem(kind, name)
        if problem and (kind, name) not in reported:
            reported[(kind, name)] = Finding(file, line, problem)
    for file, odm, name, line in implicit:
        problem = _name_problem("collection", name)
        if problem and ("collection", name) not in reported:
            reported[("collection", name)] = Finding(
                file, line, f"{problem} ({HOW_TO_NAME[odm]})"
            )
    return list(reported.values())
