"""All v1 routers: two loops on one variable, the guards named once.

Each loop includes its own list: the public routers get no guard, and the
guarded ones (unpacked from another list) get ``GUARDS``, a named list.
"""

from fastapi import APIRouter, Depends

from app.api.v1.endpoints import health, items
from app.core.security import get_current_user

PUBLIC_ROUTERS = (health.router,)
ITEM_ROUTERS = [items.router]
GUARDED_ROUTERS = (*ITEM_ROUTERS,)
GUARDS = [Depends(get_current_user)]

api_router = APIRouter(prefix="/api/v1")
for router in PUBLIC_ROUTERS:
    api_router.include_router(router)
for router in GUARDED_ROUTERS:
    api_router.include_router(router, dependencies=GUARDS)
