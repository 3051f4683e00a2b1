"""All v1 routers; students guarded by an auth scheme subclass's instance."""

from fastapi import APIRouter, Depends

from app.api.v1.endpoints import admins, health, items, students
from app.core.guards import token_listener
from app.core.security import get_current_user

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(health.router)
api_router.include_router(items.router, dependencies=[Depends(get_current_user)])
api_router.include_router(students.router, dependencies=[Depends(token_listener)])
api_router.include_router(admins.router)
