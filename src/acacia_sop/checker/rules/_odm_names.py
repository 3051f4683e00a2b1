"""Collection names an ODM gives a document class that does not name one.

Beanie names the collection after the class (``Order``); ODMantic after the
class in snake_case without a ``Model`` suffix (``OrderLineModel`` ->
``order_line``).
"""

from __future__ import annotations

import ast
import re

from acacia_sop.checker.astutil import keyword, last_name, qualified, string_value, walk
from acacia_sop.checker.names import module_imports, resolve_class
from acacia_sop.checker.repo import ServiceRepo, module_name

DOCUMENT_BASES = {"beanie": "Document", "odmantic": "Model"}
"""ODM package -> the class documents are built on."""

HOW_TO_NAME = {
    "beanie": "Beanie names it after the class: set `name` in its `class Settings`",
    "odmantic": (
        "ODMantic names it after the class: set `collection` in its `model_config`"
    ),
}

NAMING_CLASSES = ("Settings", "Collection", "Config")
NAMING_ATTRIBUTES = ("name", "collection")


def _odm(node: ast.ClassDef, imported: dict[str, str]) -> str | None:
    """The ODM package a class is a document of, if built on its base directly."""
    for base in node.bases:
        full = qualified(base, imported) or ""
        root, last = full.split(".")[0], full.rsplit(".", 1)[-1]
        if DOCUMENT_BASES.get(root) == last:
            return root
    return None


def _names_itself(node: ast.ClassDef) -> bool:
    """Whether the class names its collection: ``class Settings: name = ...``
    (Beanie), ``model_config = {"collection": ...}`` or ``class Config:
    collection = ...`` (ODMantic)."""
    for item in node.body:
        if isinstance(item, ast.ClassDef) and item.name in NAMING_CLASSES:
            for inner in item.body:
                targets = inner.targets if isinstance(inner, ast.Assign) else []
                if any(last_name(t) in NAMING_ATTRIBUTES for t in targets):
                    return True
        value = item.value if isinstance(item, ast.Assign | ast.AnnAssign) else None
        if value is not None and _config_names_collection(value):
            return True
    return False


def _config_names_collection(value: ast.expr) -> bool:
    """``{"collection": ...}`` or ``ODMConfigDict(collection=...)``."""
    if isinstance(value, ast.Dict):
        return any(string_value(k) == "collection" for k in value.keys if k)
    return isinstance(value, ast.Call) and keyword(value, "collection") is not None


def default_name(odm: str, class_name: str) -> str:
    """The collection name ``odm`` gives a class that names none."""
    if odm == "beanie":
        return class_name
    stem = class_name.removesuffix("Model") or class_name
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", stem).lower()


def _subclassed(repo: ServiceRepo) -> set[str]:
    """Names of the service's classes that other classes are built on: a
    shared base is no collection of its own."""
    return {
        last_name(base) or ""
        for _, tree in repo.trees(repo.source_files)
        for node in walk(tree)
        if isinstance(node, ast.ClassDef)
        for base in node.bases
    }


def implicit_collections(
    repo: ServiceRepo, file: str, tree: ast.Module
) -> list[tuple[str, str, int]]:
    """(ODM, default collection name, line) of each document class in a module
    that does not name its collection."""
    imported = module_imports(repo, module_name(file))
    bases = repo.memo("subclassed", lambda: _subclassed(repo))
    found = []
    for node in walk(tree):
        if not isinstance(node, ast.ClassDef) or node.name in bases:
            continue
        odm = _odm(node, imported)
        if odm is not None and not _names_itself(node):
            found.append((odm, default_name(odm, node.name), node.lineno))
    return found


def document_odm(
    repo: ServiceRepo, module: str, node: ast.expr, depth: int = 0
) -> str | None:
    """The ODM whose documents the class ``node`` names are (built on its
    document base directly or through the service's own classes), else ``None``."""
    resolved = resolve_class(repo, module, node) if depth < 4 else None
    if resolved is None:
        return None
    owner, found = resolved
    odm = _odm(found, module_imports(repo, owner))
    for base in found.bases if odm is None else []:
        odm = odm or document_odm(repo, owner, base, depth + 1)
    return odm
