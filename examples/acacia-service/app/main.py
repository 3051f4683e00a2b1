"""Application factory: ``uvicorn app.main:app``.

:func:`create_app` wires settings, logging, middleware, routers and
exception handlers; :func:`lifespan` opens and closes the MongoDB client.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI

from app import __version__
from app.api.errors import REQUEST_ID_HEADER, register_exception_handlers
from app.api.v1.router import api_router
from app.core.config import Settings, get_settings
from app.core.database import close_client, create_motor_client
from app.core.logging import AccessLogMiddleware, configure_logging
from app.utils.helpers import is_canonical_uuid, new_request_id

logger = logging.getLogger(__name__)


# --8<-- [start:lifespan]
@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the MongoDB client on startup and close it on shutdown.

    The client connects lazily, so startup succeeds even while the database
    is down; ``GET /api/v1/health`` reports that case as 503.
    """
    settings: Settings = app.state.settings
    client = create_motor_client(settings)
    app.state.mongo_client = client
    app.state.database = client[settings.database_name]
    logger.info(
        "database client opened",
        extra={"database": settings.database_name, "environment": settings.ENVIRONMENT},
    )
    try:
        yield
    finally:
        await close_client(client)
        logger.info("database client closed")


# --8<-- [end:lifespan]


# --8<-- [start:correlation_id]
def add_middleware(app: FastAPI) -> None:
    """Install access logging inside the correlation-id middleware.

    The last middleware added is the outermost, so ``CorrelationIdMiddleware``
    sets the id before ``AccessLogMiddleware`` logs. Only a canonical UUID
    sent by the client is kept; anything else gets a fresh id.
    """
    app.add_middleware(AccessLogMiddleware)
    app.add_middleware(
        CorrelationIdMiddleware,
        header_name=REQUEST_ID_HEADER,
        generator=new_request_id,
        validator=is_canonical_uuid,
        transformer=lambda value: value,
    )


# --8<-- [end:correlation_id]


# --8<-- [start:create_app]
def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the FastAPI application.

    Args:
        settings: Configuration to use; defaults to :func:`get_settings`.
            Tests pass their own to get an isolated database.

    Returns:
        The app, with routers, middleware and exception handlers registered.
    """
    settings = settings or get_settings()
    configure_logging(settings.LOG_LEVEL)
    docs_enabled = settings.ENABLE_DOCS
    app = FastAPI(
        title="Acacia Analytics API",
        version=__version__,
        lifespan=lifespan,
        docs_url="/docs" if docs_enabled else None,
        redoc_url="/redoc" if docs_enabled else None,
        openapi_url="/openapi.json" if docs_enabled else None,
    )
    app.state.settings = settings
    add_middleware(app)
    register_exception_handlers(app)
    app.include_router(api_router)
    return app


# --8<-- [end:create_app]

app = create_app()
