"""A small JSON Schema validator for the subset ``schema.json`` uses."""

from __future__ import annotations

import re
from typing import Any

TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "null": (type(None),),
}


def _is_type(value: Any, name: str) -> bool:  # noqa: ANN401 - any JSON value
    if name == "integer" and isinstance(value, bool):
        return False
    return isinstance(value, TYPES[name])


def errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:  # noqa: ANN401
    """Every way ``value`` breaks ``schema``, as ``path: problem`` lines."""
    found: list[str] = []
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        if not any(_is_type(value, name) for name in names):
            return [f"{where}: expected {types}, got {type(value).__name__}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{where}: expected {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if (
        isinstance(value, str)
        and "pattern" in schema
        and not re.search(schema["pattern"], value)
    ):
        found.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if _is_type(value, "integer") and value < schema.get("minimum", value):
        found.append(f"{where}: {value} < {schema['minimum']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found.extend(
            f"{where}: missing {key}"
            for key in schema.get("required", [])
            if key not in value
        )
        if schema.get("additionalProperties") is False:
            found.extend(
                f"{where}: unexpected {key}" for key in value if key not in properties
            )
        for key, item in value.items():
            if key in properties:
                found.extend(errors(item, properties[key], f"{where}.{key}"))
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found.extend(errors(item, schema["items"], f"{where}[{index}]"))
    return found
