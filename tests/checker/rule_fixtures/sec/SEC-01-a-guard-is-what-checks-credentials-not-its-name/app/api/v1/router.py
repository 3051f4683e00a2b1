"""All v1 routers."""

from fastapi import APIRouter

from app.api.v1.endpoints import health, items, reports

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(health.router)
api_router.include_router(items.router)
api_router.include_router(reports.router)
