"""Serve a built site on 127.0.0.1 as a static web host does (gzip for text).

The browser tests add the site container's security headers (its
content-security policy and ``nosniff``), so every page they open runs under
the policy the hosted site sends; ``tests/hosting`` checks that the container
sends exactly these.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

COMPRESSED_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml")


@functools.cache
def _gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6)


class _StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files as a static web host does: text gzip-compressed on request."""

    def __init__(
        self, *args: object, extra_headers: Mapping[str, str], **kwargs: object
    ) -> None:
        self.extra_headers = extra_headers
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def end_headers(self) -> None:
        """Send the extra headers with every answer."""
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        """Send a compressed copy of a text file when the browser accepts gzip."""
        file = Path(self.translate_path(self.path))
        if file.is_dir() and self.path.split("?")[0].endswith("/"):
            file = file / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and file.is_file() and file.suffix in COMPRESSED_SUFFIXES):
            super().do_GET()
            return
        body = _gzipped(file)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output free of access logs."""


@contextmanager
def serve_site(site: Path, headers: Mapping[str, str] | None = None) -> Iterator[str]:
    """Serve ``site`` on a free loopback port, with ``headers``; yield its URL."""
    handler = functools.partial(
        _StaticHostHandler, directory=str(site), extra_headers=headers or {}
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
