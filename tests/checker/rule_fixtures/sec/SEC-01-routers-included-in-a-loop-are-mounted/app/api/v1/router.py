"""All v1 routers, the guarded ones included in a loop."""

from fastapi import APIRouter, Depends

from app.api.v1.endpoints import health, items
from app.core.security import get_current_user

GUARDED = [items.router]

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(health.router)
for router in GUARDED:
    api_router.include_router(router, dependencies=[Depends(get_current_user)])
