"""A resource's fields as the lines of each field region of the pattern.

The pattern (the reference service's ``orders``) marks where its own fields
are written; each region gets the requested fields in the same style:
documents and responses name the type, request bodies add the validation
``orders`` uses (non-blank bounded strings, integers a JSON client reads
exactly, whole floats accepted as integers), and the update body makes each
of them optional.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from acacia_sop.starter.resource_spec import FieldSpec

_STORED_TYPES = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "datetime": "datetime",
}
_INPUT_TYPES = {
    "str": "Annotated[str, Field(min_length=1, max_length=200, pattern=NOT_BLANK)]",
    "int": "Annotated[Integer, Field(ge=-MAX_INTEGER, le=MAX_INTEGER)]",
    "float": "Annotated[float, Field(allow_inf_nan=False)]",
    "bool": "bool",
    "datetime": "DateTimeInput",
}
_EXAMPLE_TIMES = (
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC),
)


def _literal(field: FieldSpec) -> str:
    return "Literal[" + ", ".join(f'"{value}"' for value in field.choices) + "]"


def stored_type(field: FieldSpec) -> str:
    """The annotation of ``field`` in the document and the response."""
    return _literal(field) if field.kind == "enum" else _STORED_TYPES[field.kind]


def input_type(field: FieldSpec) -> str:
    """The annotation of ``field`` in the create body, with its validation."""
    return _literal(field) if field.kind == "enum" else _INPUT_TYPES[field.kind]


def annotated_lines(fields: Sequence[FieldSpec], indent: str, *, body: bool) -> str:
    """``name: type`` lines of a class body (``body``: of the request body)."""
    kind = input_type if body else stored_type
    return "".join(f"{indent}{field.name}: {kind(field)}\n" for field in fields)


def optional_lines(fields: Sequence[FieldSpec], indent: str) -> str:
    """Lines of the update body: each field validated as created, or left out.

    ``SkipJsonSchema[None]`` keeps ``null`` out of the documented schema; the
    pattern's validator refuses it when sent.
    """
    return "".join(
        f"{indent}{field.name}: {input_type(field)} | SkipJsonSchema[None] = None\n"
        for field in fields
    )


def integer_names(fields: Sequence[FieldSpec]) -> list[str]:
    """The integer fields, which accept a whole float such as ``3.0``."""
    return [field.name for field in fields if field.kind == "int"]


def needed_imports(fields: Sequence[FieldSpec], *, body: bool) -> list[str]:
    """Imports the field types add to a module (the pattern imports the rest)."""
    kinds = {field.kind for field in fields}
    lines = ["from typing import Literal"] if "enum" in kinds else []
    if body and "datetime" in kinds:
        lines.append("from app.schemas.common import DateTimeInput")
    return lines


def _example(field: FieldSpec, which: int) -> object:
    if field.kind == "str":
        return f"{('First', 'Second')[which]} {field.name.replace('_', ' ')}"
    if field.kind == "int":
        return (2, 1)[which]
    if field.kind == "float":
        return (2.5, 1.25)[which]
    if field.kind == "bool":
        return (True, False)[which]
    if field.kind == "datetime":
        return _EXAMPLE_TIMES[which].isoformat().replace("+00:00", "Z")
    return field.choices[(0, -1)[which]]


def payload_lines(fields: Sequence[FieldSpec], indent: str) -> str:
    """The tests' two valid bodies and an invalid one (the first field null)."""
    first, second = (
        "{" + ", ".join(f"{f.name!r}: {_example(f, n)!r}" for f in fields) + "}"
        for n in (0, 1)
    )
    return (
        f"{indent}FIRST = {first}\n"
        f"{indent}SECOND = {second}\n"
        f"{indent}INVALID_FIELD = {fields[0].name!r}\n"
        f"{indent}INVALID = {{**SECOND, INVALID_FIELD: None}}\n"
    )
