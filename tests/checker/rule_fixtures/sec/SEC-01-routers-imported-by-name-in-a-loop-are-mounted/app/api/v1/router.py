"""All v1 routers, imported by module name."""

import importlib

from fastapi import APIRouter

ENDPOINTS = ("health", "items")

api_router = APIRouter(prefix="/api/v1")
for name in ENDPOINTS:
    endpoint = importlib.import_module(f"app.api.v1.endpoints.{name}")
    api_router.include_router(endpoint.router)
