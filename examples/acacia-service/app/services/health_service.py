"""Whether the database answers: the logic behind ``GET /api/v1/health``."""

from __future__ import annotations

import asyncio
import logging

from pymongo.errors import PyMongoError

from app.core.database import (
    AUTH_FAILED,
    MongoDatabase,
    describe_db_error,
    is_auth_failure,
    ping,
    server_errors,
)
from app.core.errors import DatabaseUnavailableError

logger = logging.getLogger(__name__)


async def check_database(database: MongoDatabase, timeout_seconds: float) -> None:
    """Return when MongoDB answers ``ping`` within ``timeout_seconds``.

    Raises:
        DatabaseUnavailableError: No answer in time, or an error; the detail
            names refused credentials explicitly (a fix-the-secret problem).
    """
    try:
        async with asyncio.timeout(timeout_seconds):
            await ping(database)
    except (TimeoutError, PyMongoError) as error:
        logger.warning("health check failed: %s", describe_db_error(error))
        detail = "The database is not reachable."
        if any(map(is_auth_failure, [error, *server_errors(database)])):
            detail = f"The database refused the service's credentials: {AUTH_FAILED}."
        raise DatabaseUnavailableError(detail) from error
