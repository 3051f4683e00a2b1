"""A new resource's files, derived from the reference service's ``orders``.

The ``orders`` files are the one pattern: each new file is one of them with
the resource's names in place of ``order``/``Order``/``ORDERS`` (and their
other spellings) and the regions marked ``# --8<-- [start:NAME]`` ...
``[end:NAME]`` rewritten for the requested fields. No second copy of the
code exists, so a change to ``orders`` reaches every resource added after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from acacia_sop.starter.resource_fields import (
    annotated_lines,
    integer_names,
    needed_imports,
    optional_lines,
    payload_lines,
)
from acacia_sop.starter.resource_spec import FieldSpec, ResourceNames

MODEL = "app/models/order.py"
SCHEMAS = "app/schemas/order.py"
SERVICE = "app/services/order_service.py"
ENDPOINTS = "app/api/v1/endpoints/orders.py"
TESTS = "tests/test_api/test_orders.py"
INDEXES = "migrations/m0002_orders_indexes.py"
LIST_SORT_INDEXES = "migrations/m0003_list_sort_indexes.py"
PATTERN_FILES = (MODEL, SCHEMAS, SERVICE, ENDPOINTS, TESTS, INDEXES, LIST_SORT_INDEXES)
"""Every file of the service the pattern is read from."""

_TARGETS = {
    MODEL: "app/models/{singular}.py",
    SCHEMAS: "app/schemas/{singular}.py",
    SERVICE: "app/services/{singular}_service.py",
    ENDPOINTS: "app/api/v1/endpoints/{plural}.py",
    TESTS: "tests/test_api/test_{plural}.py",
    INDEXES: "migrations/m{number:04d}_{plural}_indexes.py",
}
_REGION = re.compile(
    r"^(?P<indent>[ \t]*)# --8<-- \[start:(?P<name>[\w-]+)\]\n"
    r"(?P<body>.*?)"
    r"^[ \t]*# --8<-- \[end:(?P=name)\]\n?",
    re.MULTILINE | re.DOTALL,
)
_NAMES = re.compile(
    r"(?<![A-Za-z])(?:[Aa]n order|ORDERS|ORDER|Orders|Order|orders|order)(?![a-z])"
)
_FUTURE = "from __future__ import annotations\n"
PATTERN_LIMIT = "MAX_TOTAL_CENTS"
INTEGER_LIMIT = "MAX_INTEGER"

Rewrite = Callable[[str, str], str]
"""A region's new text from its old body and its indentation."""


def rewrite_regions(text: str, rewrites: Mapping[str, Rewrite]) -> str:
    """``text`` without region markers, each region named in ``rewrites`` rewritten."""

    def replace(match: re.Match[str]) -> str:
        rewrite = rewrites.get(match["name"])
        return (
            match["body"]
            if rewrite is None
            else rewrite(match["body"], match["indent"])
        )

    return _REGION.sub(replace, text)


def region(text: str, name: str) -> str:
    """The body of the region ``name`` of ``text`` (markers of inner regions kept)."""
    for match in _REGION.finditer(text):
        if match["name"] == name:
            return match["body"]
    raise KeyError(name)


def rename(text: str, names: ResourceNames) -> str:
    """``text`` with every spelling of ``order(s)`` as the resource's name."""
    prose_singular = names.singular.replace("_", " ")
    spellings = {
        "ORDERS": names.plural.upper(),
        "ORDER": names.singular.upper(),
        "Orders": names.plural.replace("_", " ").capitalize(),
        "orders": names.plural,
        "order": names.singular,
    }

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        if found.endswith("n order"):  # the article follows the noun
            article = names.with_article()
            return article[0].upper() + article[1:] if found[0] == "A" else article
        if found == "orders" and match.start() > 0 and text[match.start() - 1] == "/":
            return names.kebab
        if found == "Order":
            following = text[match.end() : match.end() + 1]
            if following.isupper():
                return names.class_name
            return prose_singular.capitalize()
        return spellings[found]

    return _NAMES.sub(replace, text)


def _with_imports(text: str, imports: Sequence[str]) -> str:
    """``text`` with ``imports`` after its future import (ruff sorts them later)."""
    if not imports:
        return text
    return text.replace(_FUTURE, _FUTURE + "".join(f"{line}\n" for line in imports), 1)


def _fields(fields: Sequence[FieldSpec], *, body: bool) -> Rewrite:
    return lambda _body, indent: annotated_lines(fields, indent, body=body)


def _derive(path: str, sources: Mapping[str, str], fields: Sequence[FieldSpec]) -> str:
    text = sources[path]
    has_integers = bool(integer_names(fields))
    if path == MODEL:
        text = _with_imports(text, needed_imports(fields, body=False))
        return rewrite_regions(text, {"document_fields": _fields(fields, body=False)})
    if path == SCHEMAS:
        text = _with_imports(text, needed_imports(fields, body=True))
        text = rewrite_regions(
            text,
            {
                "limits": lambda body, _: body if has_integers else "",
                "field_types": lambda _body, _: "",
                "create_fields": _fields(fields, body=True),
                "update_fields": lambda _body, indent: optional_lines(fields, indent),
                "response_fields": _fields(fields, body=False),
            },
        )
        return text.replace(PATTERN_LIMIT, INTEGER_LIMIT)
    if path == TESTS:
        return rewrite_regions(
            text, {"payloads": lambda _, indent: payload_lines(fields, indent)}
        )
    if path == INDEXES:
        list_index = region(sources[LIST_SORT_INDEXES], "orders_list_index")
        return rewrite_regions(text, {"list_index": lambda _body, _: list_index})
    return rewrite_regions(text, {})


def derive_files(
    sources: Mapping[str, str],
    names: ResourceNames,
    fields: Sequence[FieldSpec],
    migration_number: int,
) -> dict[str, str]:
    """The new resource's files (path relative to the service -> text).

    ``sources`` holds the text of every :data:`PATTERN_FILES` path; the
    result still needs the formatter (``ruff``) for imports and wrapping.
    """
    files: dict[str, str] = {}
    for path, target in _TARGETS.items():
        relative = target.format(
            singular=names.singular, plural=names.plural, number=migration_number
        )
        files[relative] = rename(_derive(path, sources, fields), names)
    return files
