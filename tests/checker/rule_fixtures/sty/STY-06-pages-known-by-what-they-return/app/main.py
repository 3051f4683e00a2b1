"""Application factory, with the web pages beside the API."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api import pages
from app.api.errors import problem_handler
from app.api.v1.router import api_router
from app.core.config import Settings
from app.core.logging import configure_logging
from app.core.rate_limit import RateLimitMiddleware


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app."""
    settings = settings or Settings()
    configure_logging()
    app = FastAPI(title="Items API", version="1.0.0", docs_url=None)
    app.add_middleware(RateLimitMiddleware)
    app.add_middleware(CORSMiddleware, allow_origins=settings.ALLOWED_ORIGINS)
    app.add_exception_handler(Exception, problem_handler)
    app.include_router(api_router)
    app.include_router(pages.router)
    return app


app = create_app()
