"""Validation against the report's JSON schema with jsonschema, as readable lines."""

from __future__ import annotations

from typing import Any

from jsonschema.validators import validator_for


def errors(value: Any, schema: dict[str, Any]) -> list[str]:  # noqa: ANN401 - JSON
    """Every way ``value`` breaks ``schema``, as ``path: problem`` lines.

    The draft is the schema's own ``$schema`` (2020-12 for the report); the
    schema itself is checked against that draft first.
    """
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    return sorted(
        f"{error.json_path}: {error.message}" for error in validator.iter_errors(value)
    )
