"""Collects the v1 endpoint routers: the public ones and the protected ones.

The app includes each router itself, under ``/api/v1``, the protected ones
with :data:`PROTECTIONS`. No router gathers others: FastAPI 0.165 matches a
request once more at every level of included routers, so each level costs
every request.
"""

from __future__ import annotations

from fastapi import Depends

from app.api.dependencies import get_current_user
from app.api.idempotency import idempotency_claim
from app.api.json_body import refuse_duplicate_keys
from app.api.v1.endpoints import auth, health, orders, users
from app.api.v1.resources import RESOURCE_ROUTERS

# --8<-- [start:routers]
API_PREFIX = "/api/v1"

PUBLIC_ROUTERS = (
    health.router,  # load balancers, smoke tests
    auth.router,  # it hands out the tokens
)
"""Routers that need no token; the app includes each under :data:`API_PREFIX`."""

PROTECTIONS = (
    Depends(refuse_duplicate_keys),
    Depends(get_current_user),
    Depends(idempotency_claim),
)
"""The dependencies the app includes every protected router with."""

PROTECTED_ROUTERS = (
    users.router,
    orders.router,
    *RESOURCE_ROUTERS,  # acacia-sop add resource
)
"""Every router listed here, a plain ``APIRouter()`` too, refuses a JSON body
with a key given twice (400), requires a valid bearer token (401 otherwise),
and takes an ``Idempotency-Key`` on its POSTs."""
# --8<-- [end:routers]
