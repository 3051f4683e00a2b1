"""Acacia Analytics API: FastAPI on top of MongoDB."""

__version__ = "1.0.0"
