"""RFC 9457 problem details for every error, carrying the request's correlation ID.

Run it: ``python problem_details.py``, then open
http://127.0.0.1:8000/orders/unknown (``PORT`` changes the port).
"""

from __future__ import annotations

import os

import uvicorn
from asgi_correlation_id import CorrelationIdMiddleware, correlation_id
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

REQUEST_ID_HEADER = "X-Request-ID"


def problem(request: Request, status: int, title: str, detail: str) -> JSONResponse:
    """One ``application/problem+json`` body, the same shape for every error."""
    return JSONResponse(
        {
            "type": f"https://errors.acacia.example/{status}",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": request.url.path,
            "correlation_id": correlation_id.get(),
        },
        status_code=status,
        media_type="application/problem+json",
    )


async def http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    return problem(request, error.status_code, "Request failed", str(error.detail))


async def invalid_input(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    fields = ", ".join(".".join(map(str, e["loc"])) for e in error.errors())
    return problem(request, 422, "Invalid input", f"check: {fields}")


app = FastAPI(title="Acacia problem-details snippet")
app.add_middleware(CorrelationIdMiddleware, header_name=REQUEST_ID_HEADER)
app.add_exception_handler(HTTPException, http_error)
app.add_exception_handler(RequestValidationError, invalid_input)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/orders/{order_number}")
async def get_order(order_number: int) -> dict[str, int]:
    raise HTTPException(404, f"no order {order_number}")


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
