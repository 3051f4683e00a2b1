"""Refuse oversized requests with problem details (SEC-04).

Headers over ``MAX_REQUEST_HEADER_BYTES`` get 431, bodies over
``MAX_REQUEST_BODY_BYTES`` 413, both before the body is read. uvicorn runs
with a larger ``--h11-max-incomplete-event-size`` (1 MiB) so that this
middleware, not uvicorn's plain-text 400, answers oversized headers.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import problem_response


class RequestBodyTooLargeError(HTTPException):
    """The body grew past the limit while it was read (413)."""

    def __init__(self, max_bytes: int) -> None:
        """Name the limit in the message."""
        super().__init__(413, f"The request body is larger than {max_bytes} bytes.")


class BodySizeLimitMiddleware:
    """Pure ASGI middleware answering 413 problem details for oversized bodies.

    A ``Content-Length`` over the limit is refused before a byte is read; a
    body without one (chunked) is counted as it arrives and cut off at the
    limit, so neither is ever held in memory whole.
    """

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, max_header_bytes: int = 32_768
    ) -> None:
        """Wrap ``app``; the limits come from ``MAX_REQUEST_*_BYTES``."""
        self.app = app
        self.max_bytes = max_bytes
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count the bytes actually received."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header_bytes = sum(len(k) + len(v) for k, v in scope["headers"])
        if header_bytes > self.max_header_bytes:
            detail = (
                f"The request headers are larger than {self.max_header_bytes} bytes."
            )
            await problem_response(431, detail)(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            error = RequestBodyTooLargeError(self.max_bytes)
            await problem_response(413, error.detail)(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestBodyTooLargeError(self.max_bytes)
            return message

        await self.app(scope, limited_receive, send)
