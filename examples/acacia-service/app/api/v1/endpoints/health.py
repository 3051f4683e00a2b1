"""``GET /api/v1/health``: liveness plus a bounded database ping."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter
from pymongo.errors import PyMongoError

from app import __version__
from app.api.dependencies import AppSettings, Database
from app.core.database import (
    AUTH_FAILED,
    describe_db_error,
    is_auth_failure,
    ping,
    server_errors,
)
from app.core.errors import DatabaseUnavailableError
from app.schemas.common import PROBLEM_JSON, HealthResponse, ProblemDetails

router = APIRouter(tags=["health"])
logger = logging.getLogger(__name__)


@router.get(
    "/health",
    response_model=HealthResponse,
    responses={503: {"model": ProblemDetails, "content": {PROBLEM_JSON: {}}}},
)
async def health(database: Database, settings: AppSettings) -> HealthResponse:
    """Return 200 when MongoDB answers ``ping`` within the configured timeout.

    Raises:
        DatabaseUnavailableError: Rendered as 503 problem details.
    """
    try:
        await asyncio.wait_for(
            ping(database), timeout=settings.HEALTH_CHECK_TIMEOUT_SECONDS
        )
    except (asyncio.TimeoutError, PyMongoError) as error:  # 3.10: not builtin
        logger.warning("health check failed: %s", describe_db_error(error))
        detail = "The database is not reachable."
        if any(map(is_auth_failure, [error, *server_errors(database)])):
            detail = f"The database refused the service's credentials: {AUTH_FAILED}."
        raise DatabaseUnavailableError(detail) from error
    return HealthResponse(environment=settings.ENVIRONMENT.value, version=__version__)
