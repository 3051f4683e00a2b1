"""All v1 routers."""

from fastapi import APIRouter, Depends

from app.api.v1.endpoints import health, items, reports
from app.core.security import get_current_user

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(health.router)
api_router.include_router(items.router, dependencies=[Depends(get_current_user)])
api_router.include_router(reports.router)
