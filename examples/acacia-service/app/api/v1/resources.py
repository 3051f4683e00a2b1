"""Routers of the resources ``acacia-sop add resource`` wrote, one line each.

``app.api.v1.router`` lists them all among its protected routers, so adding
a resource never edits the module a template upgrade also changes.
"""

from __future__ import annotations

from fastapi import APIRouter

RESOURCE_ROUTERS: list[APIRouter] = []
"""Kept by ``acacia-sop add resource``; included in order, bearer token required."""
