"""Resolve names across a service's modules: constants, functions and classes."""

from __future__ import annotations

import ast
import re

from acacia_sop.checker.astutil import (
    FunctionNode,
    argument,
    dotted,
    imports,
    last_name,
    module_constants,
    qualified,
    string_value,
)
from acacia_sop.checker.repo import ServiceRepo, module_name

SETTINGS_NAME = re.compile(r"settings|config", re.IGNORECASE)


def module_imports(repo: ServiceRepo, module: str) -> dict[str, str]:
    """The import map of a module, cached."""
    file = repo.modules.get(module, "")
    tree = repo.tree(file)
    if tree is None:
        return {}
    is_package = file.endswith("/__init__.py") or file == "__init__.py"
    key = f"imports:{module}"
    if key in STARTED:  # a cycle of star imports: stop here
        return {}
    STARTED.add(key)
    try:
        return repo.memo(key, lambda: _import_map(repo, tree, module, is_package))
    finally:
        STARTED.discard(key)


STARTED: set[str] = set()
"""Import maps being built, so that star imports in a cycle end."""


def _import_map(
    repo: ServiceRepo, tree: ast.Module, module: str, is_package: bool
) -> dict[str, str]:
    found: dict[str, str] = {}
    for local, target in imports(tree, module, is_package).items():
        if not local.startswith("*"):
            found[local] = _canonical(repo, target)
            continue
        source = _canonical(repo, target.removesuffix(".*"))  # from x import *
        source_tree = repo.tree(repo.modules.get(source, ""))
        found.update({name: f"{source}.{name}" for name in _defined(source_tree)})
        found.update(module_imports(repo, source))  # what it imports, as it does
    return found


def _defined(tree: ast.Module | None) -> list[str]:
    """Names a module defines at its top level."""
    if tree is None:
        return []
    names = list(module_constants(tree))
    names += [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    ]
    return names


def _canonical(repo: ServiceRepo, target: str) -> str:
    """Name an imported service module by its file (``api.items`` ->
    ``svc.api.items`` when ``svc/main.py`` runs from ``svc/``), so every
    reference to a module agrees with :func:`module_name` of its file."""
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        file = repo.modules.get(".".join(parts[:cut]))
        if file is not None:
            return ".".join([module_name(file), *parts[cut:]])
    return target


def _constants(repo: ServiceRepo, module: str) -> dict[str, ast.expr]:
    tree = repo.tree(repo.modules.get(module, ""))
    if tree is None:
        return {}
    return repo.memo(f"constants:{module}", lambda: module_constants(tree))


def _origin(repo: ServiceRepo, node: ast.expr, module: str) -> tuple[str, str]:
    full = qualified(node, module_imports(repo, module)) or ""
    owner, _, attr = full.rpartition(".")
    return owner, attr


def resolve_constant(
    repo: ServiceRepo, module: str, node: ast.expr
) -> tuple[str, ast.expr] | None:
    """The module-level value a name refers to, here or in the module it's from."""
    name = dotted(node)
    if name is None:
        return None
    local = _constants(repo, module)
    if name in local:
        return module, local[name]
    owner, attr = _origin(repo, node, module)
    value = _constants(repo, owner).get(attr)
    return (owner, value) if value is not None else None


def _definition(
    repo: ServiceRepo, module: str, node: ast.expr, kinds: tuple[type[ast.stmt], ...]
) -> tuple[str, ast.stmt] | None:
    """The module-level definition a name refers to, here or where it's from."""
    name = dotted(node)
    if name is None:
        return None
    candidates = [(module, name), _origin(repo, node, module)]
    for owner, attr in candidates:
        tree = repo.tree(repo.modules.get(owner, ""))
        for item in tree.body if tree else []:
            if isinstance(item, kinds) and getattr(item, "name", None) == attr:
                return owner, item
    return None


def resolve_function(
    repo: ServiceRepo, module: str, node: ast.expr
) -> tuple[str, FunctionNode] | None:
    """The module-level function a name refers to, here or where it's imported from."""
    found = _definition(repo, module, node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if found is None or not isinstance(found[1], FunctionNode):
        return None
    return found[0], found[1]


def resolve_class(
    repo: ServiceRepo, module: str, node: ast.expr
) -> tuple[str, ast.ClassDef] | None:
    """The module-level class a name refers to, here or where it's imported from."""
    found = _definition(repo, module, node, (ast.ClassDef,))
    if found is None or not isinstance(found[1], ast.ClassDef):
        return None
    return found[0], found[1]


def _class_attribute(
    tree: ast.Module, class_name: str | None, attr: str
) -> ast.expr | None:
    """The default of ``attr`` in class ``class_name`` (any settings class if None)."""
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        if class_name is None and not any(
            (dotted(base) or "").endswith("Settings") for base in node.bases
        ):
            continue
        if class_name is not None and node.name != class_name:
            continue
        body = ast.Module(body=node.body, type_ignores=[])
        value = field_default(module_constants(body).get(attr))
        if value is not None:
            return value
    return None


def field_default(value: ast.expr | None) -> ast.expr | None:
    """``Field(default=x)`` / ``Field(x)`` -> ``x``; any other value as it is."""
    if isinstance(value, ast.Call) and last_name(value.func) == "Field":
        return argument(value, 0, "default")
    return value


def _settings_attribute(
    repo: ServiceRepo, module: str, node: ast.Attribute
) -> tuple[str, ast.expr] | None:
    """``settings.X``: the default of ``X`` in the class ``settings`` is made from.

    The instance is a module constant (``settings = Settings()``) or, when it
    can't be traced (a parameter, ``get_settings()``), the one pydantic
    ``BaseSettings`` class of the service that defines ``X``.
    """
    instance = resolve_value(repo, module, node.value)
    call = instance[1] if instance else None
    if instance is not None and isinstance(call, ast.Call):
        owner = instance[0]
        full = qualified(call.func, module_imports(repo, owner)) or ""
        class_owner, _, class_name = full.rpartition(".")
        candidates = [(owner, dotted(call.func) or ""), (class_owner, class_name)]
        for class_module, class_name in candidates:
            tree = repo.tree(repo.modules.get(class_module, ""))
            value = _class_attribute(tree, class_name, node.attr) if tree else None
            if value is not None:
                return class_module, value
    if not SETTINGS_NAME.search(last_name(node.value) or ""):
        return None
    found = []
    for file, tree in repo.trees(repo.source_files):
        value = _class_attribute(tree, None, node.attr)
        if value is not None:
            found.append((module_name(file), value))
    return found[0] if len(found) == 1 else None


def resolve_value(
    repo: ServiceRepo, module: str, node: ast.expr, depth: int = 0
) -> tuple[str, ast.expr] | None:
    """The expression a name stands for, following constants and settings fields.

    ``None`` when it can't be known statically; a literal resolves to itself.
    """
    if depth > 5:
        return None
    if not isinstance(node, ast.Name | ast.Attribute):
        return module, node
    resolved = resolve_constant(repo, module, node)
    if resolved is None and isinstance(node, ast.Attribute):
        resolved = _settings_attribute(repo, module, node)
    if resolved is None:
        return None
    owner, value = resolved
    if isinstance(value, ast.Name | ast.Attribute):
        return resolve_value(repo, owner, value, depth + 1)
    return owner, value


def resolve_string(repo: ServiceRepo, module: str, node: ast.expr) -> str | None:
    """A string literal or the string constant a name refers to, else ``None``."""
    resolved = resolve_value(repo, module, node)
    return string_value(resolved[1]) if resolved else None


def resolve_strings(
    repo: ServiceRepo, module: str, node: ast.expr
) -> list[str | None] | None:
    """The items of a list/tuple (or one string), each resolved; ``None`` if unknown."""
    resolved = resolve_value(repo, module, node)
    if resolved is None:
        return None
    owner, value = resolved
    if isinstance(value, ast.List | ast.Tuple | ast.Set):
        return [resolve_string(repo, owner, item) for item in value.elts]
    text = string_value(value)
    return [text] if text is not None else None
