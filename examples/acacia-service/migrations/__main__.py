"""Command line: ``python -m migrations apply|indexes``."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from pymongo.errors import PyMongoError

from app.core.config import get_settings
from app.core.database import close_client, create_pymongo_client, describe_db_error
from migrations.catalog import render_index_markdown
from migrations.runner import apply_migrations


async def _apply() -> list[str]:
    settings = get_settings()
    client = create_pymongo_client(settings)
    try:
        return await apply_migrations(client[settings.database_name])
    finally:
        await close_client(client)


def main(argv: list[str] | None = None) -> int:
    """Run the ``apply`` or ``indexes`` sub-command; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m migrations")
    parser.add_argument("command", choices=["apply", "indexes"])
    args = parser.parse_args(argv)
    if args.command == "indexes":
        sys.stdout.write(render_index_markdown())
        return 0
    settings = get_settings()
    try:
        applied = asyncio.run(_apply())
    except PyMongoError as error:
        sys.stderr.write(
            f"migrations not applied to {settings.database_name}: "
            f"{describe_db_error(error)}\n"
        )
        return 1
    sys.stdout.write(
        json.dumps({"database": settings.database_name, "applied": applied}) + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
