"""Apply migrations to a database idempotently and record them."""

from __future__ import annotations

import logging

from app.core.database import MongoDatabase
from app.models.common import utc_now
from migrations.base import MIGRATIONS_COLLECTION, Migration, load_migrations

logger = logging.getLogger(__name__)


async def applied_migrations(database: MongoDatabase) -> set[str]:
    """Names of the migrations recorded in ``schema-migrations``."""
    cursor = database[MIGRATIONS_COLLECTION].find({}, {"_id": False, "name": True})
    return {str(doc["name"]) for doc in await cursor.to_list(length=None)}


async def apply_migration(database: MongoDatabase, migration: Migration) -> None:
    """Create every index of ``migration`` (a no-op for existing ones)."""
    for index in migration.indexes:
        await database[index.collection].create_index(
            list(index.keys), **dict(index.options)
        )


# --8<-- [start:apply_migrations]
async def apply_migrations(
    database: MongoDatabase, migrations: list[Migration] | None = None
) -> list[str]:
    """Apply pending migrations in order; return the names applied this run.

    Index creation is idempotent, and each migration is recorded once in
    ``schema-migrations``, so running this twice is safe.
    """
    migrations = load_migrations() if migrations is None else migrations
    done = await applied_migrations(database)
    applied: list[str] = []
    for migration in migrations:
        if migration.name in done:
            continue
        await apply_migration(database, migration)
        await database[MIGRATIONS_COLLECTION].update_one(
            {"name": migration.name},
            {
                "$setOnInsert": {
                    "name": migration.name,
                    "description": migration.description,
                    "indexes": [index.name for index in migration.indexes],
                    "applied_at": utc_now(),
                }
            },
            upsert=True,
        )
        logger.info("migration applied", extra={"migration": migration.name})
        applied.append(migration.name)
    return applied


# --8<-- [end:apply_migrations]
