"""The OpenAPI document, with every error response as the API really sends it.

FastAPI documents its 422 as ``application/json`` ``HTTPValidationError``
and knows nothing of the statuses middleware, dependencies and handlers send
(401, 403, 404, 400, 409, 413, 503). :func:`build_openapi` rewrites every
error response of every operation to ``application/problem+json``
:class:`ProblemDetails`, and adds the ones each kind of operation can return,
so generated clients parse every error and a new router needs none of them
on its routes. Every POST of the protected routers gets the
``Idempotency-Key`` header parameter.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.api.idempotency import PARAMETER as IDEMPOTENCY_KEY
from app.schemas.common import PROBLEM_JSON, ProblemDetails

PROBLEM_SCHEMA = {"$ref": "#/components/schemas/ProblemDetails"}

# --8<-- [start:error_responses]
EVERY_OPERATION = {
    "503": "The database is not reachable in time; retry after Retry-After seconds.",
}
WITH_INPUT = {
    "422": "The request is invalid; `errors` lists each field and why.",
}
WITH_BODY = {
    "400": "The body is not parseable: malformed JSON or a key given twice.",
    "413": "The request body is larger than MAX_REQUEST_BODY_BYTES.",
}
WITH_PATH_PARAMETER = {
    "404": "Nothing with this id: the path names no existing resource.",
}
PROTECTED = {
    "401": "Missing, invalid or expired bearer token (WWW-Authenticate: Bearer).",
    "403": "Your role does not allow this.",
}
KEYED = {
    "409": "A request with this Idempotency-Key is still being processed.",
    "422": "The request is invalid, or its Idempotency-Key came with another body.",
}
UNUSED_SCHEMAS = ("HTTPValidationError", "ValidationError")


def _error_responses(operation: dict[str, Any]) -> dict[str, str]:
    """Status -> description of the errors ``operation`` can answer."""
    expected = dict(EVERY_OPERATION)
    parameters = operation.get("parameters", [])
    if parameters or "requestBody" in operation:
        expected |= WITH_INPUT
    if "requestBody" in operation:
        expected |= WITH_BODY
    if any(parameter["in"] == "path" for parameter in parameters):
        expected |= WITH_PATH_PARAMETER
    if operation.get("security"):
        expected |= PROTECTED
    if IDEMPOTENCY_KEY in parameters:
        expected |= KEYED
    return expected


# --8<-- [end:error_responses]

NUMERIC_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
PYDANTIC_BOUNDS = dict(zip(("ge", "le", "gt", "lt"), NUMERIC_BOUNDS, strict=True))


def _standard_bounds(node: Any) -> None:
    """Write bounds as JSON Schema spells them, in place.

    ``minimum: 1`` where FastAPI's OpenAPI model made it ``1.0``, and where
    pydantic wrote ``ge: 1``: it names a bound so when it follows a validator,
    as in ``Annotated[Integer, Field(ge=1)]``.
    """
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            for pydantic_name, name in PYDANTIC_BOUNDS.items():
                if pydantic_name in node:
                    node[name] = node.pop(pydantic_name)
        for key, value in node.items():
            if (
                key in NUMERIC_BOUNDS
                and isinstance(value, float)
                and value.is_integer()
            ):
                node[key] = int(value)
            else:
                _standard_bounds(value)
    elif isinstance(node, list):
        for item in node:
            _standard_bounds(item)


def _takes_idempotency_key(method: str, operation: dict[str, Any]) -> None:
    """Add the ``Idempotency-Key`` parameter to a POST of the protected routers."""
    if method == "post" and operation.get("security"):
        operation["parameters"] = [*operation.get("parameters", []), IDEMPOTENCY_KEY]


def document_problem_responses(document: dict[str, Any]) -> dict[str, Any]:
    """Make every 4xx/5xx response of ``document`` problem details, in place."""
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            _takes_idempotency_key(method, operation)
            responses: dict[str, Any] = operation.setdefault("responses", {})
            errors = _error_responses(operation)
            for status, description in errors.items():
                responses.setdefault(status, {"description": description})
            if "422" in responses:
                responses["422"]["description"] = errors.get("422", WITH_INPUT["422"])
            for status, response in responses.items():
                if status[0] in "45":
                    response["content"] = {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}}
    schemas: dict[str, Any] = document.setdefault("components", {}).setdefault(
        "schemas", {}
    )
    schemas["ProblemDetails"] = ProblemDetails.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    for name in UNUSED_SCHEMAS:
        schemas.pop(name, None)
    _standard_bounds(document)
    return document


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document for ``app`` with problem-details errors (built once)."""
    if app.openapi_schema is None:
        app.openapi_schema = document_problem_responses(
            get_openapi(
                title=app.title,
                version=app.version,
                routes=app.routes,
                description=app.description,
            )
        )
    return app.openapi_schema
