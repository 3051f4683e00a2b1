"""Errors, answered without the correlation ID."""

from fastapi import Request
from fastapi.responses import JSONResponse


async def on_error(request: Request, exc: Exception) -> JSONResponse:  # expect: API-04 "(none of the 2 exception handlers does)"
    """Answer 500."""
    return JSONResponse({"status": 500}, 500)
