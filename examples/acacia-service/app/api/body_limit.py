"""Refuse request bodies over ``MAX_REQUEST_BODY_BYTES`` unread (SEC-04)."""

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

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        """Wrap ``app``; ``max_bytes`` is ``MAX_REQUEST_BODY_BYTES``."""
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count the bytes actually received."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
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
