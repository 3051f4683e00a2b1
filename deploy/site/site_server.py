"""Serve the built site: static files with cache headers and a strict CSP.

The site's container runs ``uvicorn site_server:create_app --factory`` on this
one file (it needs Starlette and uvicorn only); ``SITE_DIR`` names the built
site.

Every answer gets a content-security policy for a site with no external
assets: scripts only from the site itself or, inline, by the hash of one of
the inline scripts the built pages hold (computed at start-up), so no injected
script runs. Fingerprinted assets are cached for a year; everything else is
revalidated on each use; nothing is stored by shared caches (the site is
internal, behind Identity-Aware Proxy). Text (pages, styles, scripts, the
search index, SVG) goes out gzip-compressed to a browser that accepts it,
by Starlette's own middleware, with ``Vary: Accept-Encoding``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.DOTALL)
# Material's main.57a0d79d.min.css; the build's diagrams.253fda1077b1.js and
# mermaid.581ed7d74bd9.min.js (sitebuild/assets.py).
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}(?:\.min)?\.(?:js|css)(?:\.map)?$")
# Fixed media types, whatever the host's mime.types says.
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".inv": "application/octet-stream",
    ".txt": "text/plain; charset=utf-8",
}
# Media types sent as they are: compressed already, or images.
UNCOMPRESSED = (*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/octet-stream", "image/*")
# zlib's own default: nearly level 9's size for a fraction of its time.
COMPRESS_LEVEL = 6
IMMUTABLE = "private, max-age=31536000, immutable"
REVALIDATE = "private, no-cache"


def inline_script_hashes(site_dir: Path) -> list[str]:
    """The CSP source (``'sha256-...'``) of every distinct inline script."""
    scripts = {
        match[1]
        for page in site_dir.rglob("*.html")
        for match in INLINE_SCRIPT.finditer(page.read_text("utf-8"))
    }
    digests = (hashlib.sha256(script.encode("utf-8")).digest() for script in scripts)
    return sorted(f"'sha256-{base64.b64encode(d).decode('ascii')}'" for d in digests)


def content_security_policy(site_dir: Path) -> str:
    """Everything from the site itself; inline scripts only by their hash."""
    scripts = " ".join(["'self'", *inline_script_hashes(site_dir)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            # Material and Mermaid style elements from script.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(site_dir: Path) -> dict[str, str]:
    """The headers every answer carries, whatever its path and status."""
    return {
        "content-security-policy": content_security_policy(site_dir),
        "x-content-type-options": "nosniff",
        "referrer-policy": "same-origin",
        "strict-transport-security": "max-age=31536000",
    }


def cache_control(path: str, status: int) -> str:
    """A year for fingerprinted assets, revalidation for the rest, errors never."""
    if status >= 400:
        return "no-store"
    return IMMUTABLE if FINGERPRINTED.search(path) else REVALIDATE


class SiteHeaders:
    """ASGI middleware: the security, cache and media-type headers."""

    def __init__(self, app: ASGIApp, site_dir: Path) -> None:
        self.app = app
        self.security = security_headers(site_dir)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response's start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.update(self.security)
                headers["cache-control"] = cache_control(path, message["status"])
                # A directory URL (``schema.json/``) is its index.html page.
                media_type = (
                    None if path.endswith("/") else MEDIA_TYPES.get(Path(path).suffix)
                )
                if message["status"] == 200 and media_type:
                    headers["content-type"] = media_type
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(site_dir: Path | None = None) -> GZipMiddleware:
    """The site under ``site_dir`` (default: ``SITE_DIR``), directory URLs
    answered by their ``index.html``, unknown ones by ``404.html``; text
    compressed for a browser that accepts gzip."""
    root = site_dir or Path(os.environ.get("SITE_DIR", "site"))
    return GZipMiddleware(
        SiteHeaders(StaticFiles(directory=root, html=True), root),
        compresslevel=COMPRESS_LEVEL,
        exclude_content_types=UNCOMPRESSED,
    )
