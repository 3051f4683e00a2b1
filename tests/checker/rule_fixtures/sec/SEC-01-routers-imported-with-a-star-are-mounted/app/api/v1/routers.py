"""The endpoint modules, for a star import."""

from app.api.v1.endpoints import health, items
