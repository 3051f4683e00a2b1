"""Application factory."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api.errors import problem_handler
from app.api.v1.router import api_router
from app.core.config import Settings
from app.core.cors import LISTED_ORIGINS, SPLIT_ORIGINS
from app.core.logging import configure_logging
from app.core.rate_limit import RateLimitMiddleware


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app."""
    settings = settings or Settings()
    configure_logging()
    app = FastAPI(title="Items API", version="1.0.0")
    app.add_middleware(RateLimitMiddleware)
    app.add_middleware(CORSMiddleware, allow_origins=SPLIT_ORIGINS)
    app.add_middleware(CORSMiddleware, allow_origins=LISTED_ORIGINS)
    app.add_exception_handler(Exception, problem_handler)
    app.include_router(api_router)
    return app


app = create_app()
