"""Collects the v1 endpoint routers under one ``APIRouter``."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.v1.endpoints import health, users

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(health.router)
api_router.include_router(users.router)
