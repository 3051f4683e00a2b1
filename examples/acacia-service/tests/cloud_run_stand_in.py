"""A stand-in for Cloud Run's IAM check in front of a service without public access.

Cloud Run lets a request through to a private service only with an identity
token of an account allowed to invoke it: in ``X-Serverless-Authorization``
when present (checked in preference to ``Authorization``, which then reaches
the app untouched), else in ``Authorization``. Anything else gets 403 before
the app sees it. The stand-in accepts one token and forwards to ``upstream``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

_NOT_FORWARDED = {"host", "content-length", "connection", "x-serverless-authorization"}
_NOT_RETURNED = {
    "content-length",
    "connection",
    "transfer-encoding",
    "content-encoding",
}


def _handler(upstream: str, token: str) -> type[BaseHTTPRequestHandler]:
    class CloudRunIam(BaseHTTPRequestHandler):
        def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _forward(self) -> None:
            expected = f"Bearer {token}"
            identity = self.headers.get(
                "X-Serverless-Authorization", self.headers.get("Authorization")
            )
            if identity != expected:
                self._answer(403, {"Content-Type": "text/html"}, b"Forbidden")
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {
                name: value
                for name, value in self.headers.items()
                if name.lower() not in _NOT_FORWARDED
            }
            response = httpx.request(
                self.command, upstream + self.path, headers=headers, content=body
            )
            returned = {
                name: value
                for name, value in response.headers.items()
                if name.lower() not in _NOT_RETURNED
            }
            self._answer(response.status_code, returned, response.content)

        def do_GET(self) -> None:
            """Check, then forward a GET."""
            self._forward()

        def do_POST(self) -> None:
            """Check, then forward a POST."""
            self._forward()

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test reads the answers, not a log."""

    return CloudRunIam


@contextmanager
def private_service(upstream: str, token: str) -> Iterator[str]:
    """The URL of ``upstream`` behind the IAM check that accepts ``token``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(upstream, token))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
