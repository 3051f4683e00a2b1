"""Small helpers over Python's ``ast``: names, imports, constants and calls."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from weakref import WeakKeyDictionary

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
WALKED_ONCE = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
"""Trees the checks walk again and again, one rule after another."""
_walked: WeakKeyDictionary[ast.AST, tuple[ast.AST, ...]] = WeakKeyDictionary()


def walk(node: ast.AST) -> Sequence[ast.AST]:
    """Every node under ``node``, itself included, as :func:`ast.walk` yields
    them; listed once for a module, class or function (trees are never
    changed), so each check that walks one again costs no new walk."""
    if not isinstance(node, WALKED_ONCE):
        return tuple(ast.walk(node))
    listed = _walked.get(node)
    if listed is None:
        listed = _walked[node] = tuple(ast.walk(node))
    return listed


def dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a name or attribute chain, else ``None``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def last_name(node: ast.expr) -> str | None:
    """The last identifier of a name, attribute or call: ``c`` for ``a.b.c()``."""
    if isinstance(node, ast.Call):
        return last_name(node.func)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def imports(
    tree: ast.Module, module: str = "", is_package: bool = False
) -> dict[str, str]:
    """Map each name a module imports to what it refers to (``pymongo.MongoClient``).

    Relative imports resolve against the module's package: the module itself
    when it is a package's ``__init__.py`` (``is_package``), else its parent.
    """
    found: dict[str, str] = {}
    package = module if is_package else module.rpartition(".")[0]
    for node in walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                found[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                base = ".".join(parts[: max(len(parts) - node.level + 1, 0)])
                source = f"{base}.{source}".strip(".") if source else base
            for alias in node.names:
                local = alias.asname or alias.name
                if local == "*":  # one entry per star import: "*pkg.mod"
                    local = f"*{source}"
                found[local] = f"{source}.{alias.name}".lstrip(".")
    return found


def qualified(node: ast.expr, imported: dict[str, str]) -> str | None:
    """Resolve a name or attribute chain through the module's imports."""
    name = dotted(node)
    if name is None:
        return None
    head, _, rest = name.partition(".")
    origin = imported.get(head, head)
    return f"{origin}.{rest}" if rest else origin


def module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level ``NAME = value`` and ``NAME: type = value`` assignments."""
    found: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value
        elif (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.value is not None
        ):
            found[node.target.id] = node.value
    return found


def string_value(node: ast.expr | None) -> str | None:
    """The value of a string literal, else ``None``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword argument ``name`` of a call, if given."""
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    """An argument given by position or by keyword: ``f(x)`` or ``f(name=x)``."""
    if len(call.args) > position:
        return call.args[position]
    return keyword(call, name)


def parameters(function: FunctionNode) -> list[ast.arg]:
    """Every named parameter: positional-only, ordinary and keyword-only."""
    args = function.args
    return [*args.posonlyargs, *args.args, *args.kwonlyargs]


def with_defaults(function: FunctionNode) -> list[tuple[ast.arg, ast.expr | None]]:
    """Each named parameter with its default (``None`` when it has none)."""
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    padded: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    return [
        *zip(positional, [*padded, *args.defaults], strict=True),
        *zip(args.kwonlyargs, args.kw_defaults, strict=True),
    ]


def functions(tree: ast.AST) -> Iterator[FunctionNode]:
    """Every function and method definition in a tree."""
    for node in walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def calls(tree: ast.AST) -> Iterator[ast.Call]:
    """Every call in a tree."""
    for node in walk(tree):
        if isinstance(node, ast.Call):
            yield node
