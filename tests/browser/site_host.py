"""Serve a built site on 127.0.0.1 with the site container's own server.

The browser tests open every page as the hosted site sends it: the app of
``deploy/site/site_server.py`` (its content-security policy, cache lifetimes
and gzip) under uvicorn, in a thread of the test process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp

from deploy.site.site_server import create_app

START_TIMEOUT_S = 30


@contextmanager
def serve_site(site: Path, app: ASGIApp | None = None) -> Iterator[str]:
    """Serve ``site`` (by ``app``, default the site server's) on a free
    loopback port; yield its URL."""
    config = uvicorn.Config(
        app or create_app(site),
        host="127.0.0.1",
        port=0,
        lifespan="off",
        access_log=False,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="site-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the site server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join()
