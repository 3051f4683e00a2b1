"""The one place where errors become HTTP responses.

Every failure, whether an ``HTTPException``, a validation error, a domain
error or a bug, leaves as RFC 9457 problem details
(``application/problem+json``) carrying the request's correlation id.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from asgi_correlation_id import correlation_id
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pymongo.errors import ConnectionFailure, ExecutionTimeout, PyMongoError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from app.core.database import describe_db_error
from app.core.errors import (
    AuthenticationError,
    DatabaseUnavailableError,
    DomainError,
    DuplicateEmailError,
    IdempotencyKeyInUseError,
    IdempotencyKeyReusedError,
    LastAdminError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitExceededError,
    UserNotFoundError,
)
from app.schemas.common import PROBLEM_JSON, ProblemDetails

REQUEST_ID_HEADER = "X-Request-ID"
logger = logging.getLogger(__name__)

# --8<-- [start:domain_error_map]
DOMAIN_ERROR_STATUS: dict[type[DomainError], tuple[int, str]] = {
    UserNotFoundError: (404, "urn:acacia:problem:user-not-found"),
    NotFoundError: (404, "urn:acacia:problem:not-found"),
    DuplicateEmailError: (409, "urn:acacia:problem:duplicate-email"),
    LastAdminError: (409, "urn:acacia:problem:last-admin"),
    DatabaseUnavailableError: (503, "urn:acacia:problem:database-unavailable"),
    AuthenticationError: (401, "urn:acacia:problem:not-authenticated"),
    PermissionDeniedError: (403, "urn:acacia:problem:forbidden"),
    RateLimitExceededError: (429, "urn:acacia:problem:rate-limited"),
    IdempotencyKeyInUseError: (409, "urn:acacia:problem:idempotency-key-in-use"),
    IdempotencyKeyReusedError: (422, "urn:acacia:problem:idempotency-key-reused"),
}
"""Domain error class -> (HTTP status, problem ``type`` URI)."""
# --8<-- [end:domain_error_map]


def problem_doc(description: str) -> dict[str, Any]:
    """OpenAPI ``responses`` entry for an error status: problem details body."""
    return {
        "model": ProblemDetails,
        "description": description,
        "content": {PROBLEM_JSON: {}},
    }


# --8<-- [start:problem_response]
def problem_response(
    status: int,
    detail: str,
    *,
    problem_type: str = "about:blank",
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """Build a problem-details response carrying the correlation id."""
    request_id = correlation_id.get()
    body = ProblemDetails(
        type=problem_type,
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        correlation_id=request_id,
        errors=errors,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


# --8<-- [end:problem_response]


# --8<-- [start:domain_error_handler]
async def domain_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Map a :class:`DomainError` to its status code and problem type."""
    assert isinstance(exc, DomainError)
    status, problem_type = DOMAIN_ERROR_STATUS.get(
        type(exc), (400, "urn:acacia:problem:bad-request")
    )
    return problem_response(
        status, exc.detail, problem_type=problem_type, headers=exc.headers or None
    )


# --8<-- [end:domain_error_handler]


async def database_unavailable_handler(
    request: Request, exc: Exception
) -> JSONResponse:
    """Render an outage met mid-request as the health check's 503, with Retry-After.

    ``ConnectionFailure`` covers server selection timeouts, lost connections
    and network timeouts; ``ExecutionTimeout`` a query cut off by the server.
    One warning line, no traceback: an outage is not a bug.
    """
    logger.warning("database unavailable: %s", describe_db_error(exc))
    return await domain_error_handler(
        request, DatabaseUnavailableError("The database is not reachable.")
    )


async def database_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """A driver error past its deadline (``timeoutMS``, ``wtimeout``) is a 503.

    Any other driver error is a bug: logged with its traceback, 500.
    """
    if isinstance(exc, PyMongoError) and exc.timeout:
        return await database_unavailable_handler(request, exc)
    return await unhandled_exception_handler(request, exc)


async def http_exception_handler(request: Request, exc: Exception) -> JSONResponse:
    """Render Starlette/FastAPI ``HTTPException`` (404 route, 405...) as a problem."""
    assert isinstance(exc, StarletteHTTPException)
    detail = (
        exc.detail
        if isinstance(exc.detail, str)
        else HTTPStatus(exc.status_code).phrase
    )
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem_response(exc.status_code, detail, headers=headers or None)


def allowed_methods(request: Request) -> list[str]:
    """The documented methods of the request's path (405's ``Allow``).

    Starlette names only the methods of the first route matching the path,
    and ``GET`` and ``POST`` on one path are two routes. As in OpenAPI, a
    concrete path (``/users/me``) wins over a template (``/users/{user_id}``).
    """
    matches: dict[str, set[str]] = {}
    for route in iter_route_contexts(request.app.routes):
        documented = getattr(route, "include_in_schema", True)
        if not (route.path and route.methods and documented):
            continue
        if compile_path(route.path)[0].match(request.url.path):
            matches.setdefault(route.path, set()).update(route.methods)
    if not matches:
        return []
    most_specific = min(matches, key=lambda path: path.count("{"))
    return sorted(matches[most_specific])


async def validation_exception_handler(
    request: Request, exc: Exception
) -> JSONResponse:
    """Render request validation failures as 422 problems with an ``errors`` list."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    return problem_response(
        422,
        "The request is invalid; see errors.",
        problem_type="urn:acacia:problem:validation-error",
        errors=jsonable_encoder(errors),
    )


# --8<-- [start:unhandled_exception_handler]
async def unhandled_exception_handler(request: Request, exc: Exception) -> JSONResponse:
    """Log the bug with its traceback and return a generic 500 problem.

    The body never contains the exception text or a stack trace. Starlette
    sends this response from its outermost ``ServerErrorMiddleware``, i.e.
    outside ``CorrelationIdMiddleware``, so the ``X-Request-ID`` header is
    set here explicitly.
    """
    logger.error("unhandled exception", exc_info=exc)
    request_id = correlation_id.get()
    headers = {REQUEST_ID_HEADER: request_id} if request_id else None
    return problem_response(500, "An unexpected error occurred.", headers=headers)


# --8<-- [end:unhandled_exception_handler]


def register_exception_handlers(app: FastAPI) -> None:
    """Attach every handler above to ``app``."""
    app.add_exception_handler(DomainError, domain_error_handler)
    app.add_exception_handler(ConnectionFailure, database_unavailable_handler)
    app.add_exception_handler(ExecutionTimeout, database_unavailable_handler)
    app.add_exception_handler(PyMongoError, database_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_exception_handler)
    app.add_exception_handler(RequestValidationError, validation_exception_handler)
    app.add_exception_handler(Exception, unhandled_exception_handler)
