"""Run the API locally: ``make api``.

On the first run, writes the git-ignored ``.env.development`` with a random
``SECRET_KEY`` and first-admin password and prints them once. When
``MONGO_URI`` is unset, starts SecantusDB (a MongoDB wire-protocol
server) on 127.0.0.1:27018 with data under ``.data/``; then applies the
migrations and serves the app with uvicorn on http://127.0.0.1:8080.
``PORT`` and ``DEV_DB_PORT`` change the two ports.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SERVICE_ROOT = Path(__file__).resolve().parents[1]
DEV_DB_HOST = "127.0.0.1"
DEV_DB_PORT = int(os.environ.get("DEV_DB_PORT", "27018"))
API_HOST = "127.0.0.1"
API_PORT = int(os.environ.get("PORT", "8080"))
UVICORN_OPTIONS: dict[str, Any] = {
    "host": API_HOST,
    "port": API_PORT,
    "log_config": None,  # the app's JSON logging
    "access_log": False,  # the app's AccessLogMiddleware
    "proxy_headers": False,  # X-Forwarded-For is the app's decision
    "h11_max_incomplete_event_size": 1_048_576,  # the app answers big headers
}


def redact_uri(uri: str) -> str:
    """``uri`` without its user, password and options, safe to print.

    ``mongodb+srv://user:<password>@cluster.example/?authSource=admin`` becomes
    ``mongodb+srv://***@cluster.example/``.
    """
    parts = urlsplit(uri)
    _userinfo, at, hosts = parts.netloc.rpartition("@")
    return f"{parts.scheme}://{'***@' if at else ''}{hosts}{parts.path}"


def startup_message(database_name: str, uri: str, applied: list[str]) -> str:
    """The one line printed before serving (credentials redacted)."""
    return f"database {database_name} at {redact_uri(uri)}; applied {applied}"


@contextlib.contextmanager
def local_database() -> Iterator[str]:
    """Yield ``MONGO_URI``, starting SecantusDB first when it is unset."""
    uri = os.environ.get("MONGO_URI")
    if uri:
        yield uri
        return
    from secantus import SecantusDBServer

    storage = SERVICE_ROOT / ".data" / "secantus"
    storage.mkdir(parents=True, exist_ok=True)
    with SecantusDBServer(
        host=DEV_DB_HOST, port=DEV_DB_PORT, storage_path=str(storage), durable=True
    ) as server:
        yield str(server.uri)


def main() -> int:
    """Start the database if needed, migrate, then serve until interrupted."""
    sys.path.insert(0, str(SERVICE_ROOT))
    os.chdir(SERVICE_ROOT)
    os.environ.setdefault("ENVIRONMENT", "development")
    from scripts.dev_env import ensure_development_env, first_run_message

    admin = ensure_development_env(SERVICE_ROOT)
    if admin is not None:
        print(first_run_message(admin), flush=True)
    with local_database() as uri:
        os.environ["MONGO_URI"] = uri
        import uvicorn

        from app.core.config import get_settings
        from app.core.database import close_client, create_pymongo_client
        from migrations.runner import apply_migrations

        settings = get_settings()

        async def migrate() -> list[str]:
            client = create_pymongo_client(settings)
            try:
                return await apply_migrations(client[settings.database_name])
            finally:
                await close_client(client)

        applied = asyncio.run(migrate())
        print(startup_message(settings.database_name, uri, applied))
        uvicorn.run("app.main:app", **UVICORN_OPTIONS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
