"""Structured JSON logging in the shape Google Cloud Logging reads.

Every line carries ``severity``, ``message``, ``time``, ``logger`` and
``correlation_id``; access lines add an ``httpRequest`` object.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import IO, Any

from asgi_correlation_id import CorrelationIdFilter
from pydantic_core import to_json
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.utils.helpers import client_ip, redact_query

HANDLER_NAME = "acacia-json"
ACCESS_LOGGER = logging.getLogger("acacia.access")


# --8<-- [start:json_logging]
def to_json_line(data: dict[str, Any], **_options: Any) -> str:
    """Serialise a log line with pydantic's encoder, the one responses use.

    It writes datetimes and UUIDs itself (``str`` for anything it does not
    know) at half the cost of :mod:`json` with pythonjsonlogger's fallback.
    """
    return to_json(data, fallback=str).decode()


def build_json_handler(stream: IO[str] | None = None) -> logging.Handler:
    """Return a handler writing one JSON object per line, with correlation ids.

    Args:
        stream: Where to write; defaults to ``sys.stdout``.
    """
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(
        JsonFormatter(
            "{levelname}{message}{name}",
            style="{",
            rename_fields={"levelname": "severity", "name": "logger"},
            timestamp="time",
            reserved_attrs=[*RESERVED_ATTRS, "color_message"],
            json_serializer=to_json_line,
        )
    )
    handler.addFilter(CorrelationIdFilter(uuid_length=None, default_value="-"))
    return handler


def skip_unlogged_record_fields() -> None:
    """Stop filling the record fields no JSON line shows.

    Every record otherwise looks up its caller's file and line, thread,
    process id and process name (and, on Python 3.12+, its asyncio task):
    about 5 µs of a request's CPU. These are the switches of the
    logging HOWTO's "Optimization" section; the lines stay the same.
    """
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    if sys.version_info >= (3, 12):
        logging.logAsyncioTasks = False
    logging._srcfile = None  # the HOWTO's switch for the caller lookup


def configure_logging(level: str = "INFO") -> None:
    """Send every logger (uvicorn's too) through one JSON handler on stdout.

    Safe to call more than once: the previous JSON handler is replaced.
    """
    skip_unlogged_record_fields()
    root = logging.getLogger()
    for existing in list(root.handlers):
        if existing.get_name() == HANDLER_NAME:
            root.removeHandler(existing)
    root.addHandler(build_json_handler())
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    # Our AccessLogMiddleware replaces uvicorn's plain-text access line.
    logging.getLogger("uvicorn.access").disabled = True


# --8<-- [end:json_logging]


class AccessLogMiddleware:
    """Pure ASGI middleware logging one ``httpRequest`` line per request.

    Sensitive query values (``password``, ``token``, ...) are redacted, and
    ``remoteIp`` follows the same forwarded-for decision as the rate limits.
    """

    def __init__(self, app: ASGIApp, *, trust_forwarded_for: bool = False) -> None:
        """Wrap ``app``; ``trust_forwarded_for``: the app's forwarded-for setting."""
        self.app = app
        self.trust_forwarded_for = trust_forwarded_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time the request and log method, URL, status and latency."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_code = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            self._log(scope, status_code, time.perf_counter() - started)

    def _log(self, scope: Scope, status_code: int, elapsed: float) -> None:
        headers = {
            k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]
        }
        path = scope.get("raw_path", scope["path"].encode()).decode("latin-1")
        query = redact_query(scope.get("query_string", b"").decode("latin-1"))
        host = headers.get("host", "")
        url = f"{scope.get('scheme', 'http')}://{host}{path}" + (
            f"?{query}" if query else ""
        )
        client = scope.get("client")
        http_request: dict[str, Any] = {
            "requestMethod": scope["method"],
            "requestUrl": url,
            "status": status_code,
            "latency": f"{elapsed:.6f}s",
            "userAgent": headers.get("user-agent", ""),
            "remoteIp": client_ip(
                client[0] if client else None,
                headers.get("x-forwarded-for", ""),
                trust_forwarded_for=self.trust_forwarded_for,
            ),
            "protocol": f"HTTP/{scope.get('http_version', '1.1')}",
        }
        level = logging.ERROR if status_code >= 500 else logging.INFO
        ACCESS_LOGGER.log(
            level,
            "%s %s %s",
            scope["method"],
            scope["path"],
            status_code,
            extra={"httpRequest": http_request},
        )
