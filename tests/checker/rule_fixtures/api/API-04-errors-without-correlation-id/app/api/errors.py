"""Errors as problem details with the correlation ID."""

from fastapi import Request
from fastapi.responses import JSONResponse


async def problem_handler(request: Request, exc: Exception) -> JSONResponse:  # expect: API-04
    """Answer 500 with the request's correlation ID."""
    return JSONResponse({"status": 500}, 500)
