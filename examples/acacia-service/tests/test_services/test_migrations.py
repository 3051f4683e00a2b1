"""Index migrations: applied, idempotent, recorded, and documented."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import MutableMapping
from typing import Any

import pytest
from pymongo import MongoClient
from pymongo.errors import DuplicateKeyError

from app.core.config import SERVICE_ROOT, Settings, get_settings
from app.core.database import MongoDatabase
from app.services import order_service, user_service
from migrations import IndexDefinition, load_migrations
from migrations.__main__ import main as migrations_main
from migrations.base import MIGRATIONS_COLLECTION
from migrations.catalog import render_index_markdown
from migrations.runner import applied_migrations, apply_migrations

pytestmark = pytest.mark.integration

MIGRATION_NAMES = sorted(
    path.stem
    for path in (SERVICE_ROOT / "migrations").glob("m[0-9][0-9][0-9][0-9]_*.py")
)
"""Every migration module, in file order: a service adds its own after these."""


async def _index_names(database: MongoDatabase, collection: str) -> set[str]:
    info: MutableMapping[str, Any] = await database[collection].index_information()
    return set(info)


async def test_migrations_create_every_declared_index(database: MongoDatabase) -> None:
    # The ``database`` fixture has already applied all migrations.
    users = await _index_names(database, "users")
    orders = await _index_names(database, "orders")

    assert {"users_id_unique", "users_email_unique", "users_created_at"} <= users
    assert {"orders_id_unique", "orders_user_id_created_at"} <= orders


async def test_each_list_sort_is_served_by_an_index_with_the_same_keys(
    database: MongoDatabase,
) -> None:
    users: MutableMapping[str, Any] = await database["users"].index_information()
    orders: MutableMapping[str, Any] = await database["orders"].index_information()

    assert [tuple(key) for key in users["users_created_at_id"]["key"]] == list(
        user_service.USER_LIST_SORT
    )
    assert [tuple(key) for key in orders["orders_user_id_created_at_id"]["key"]] == [
        ("user_id", 1),
        *order_service.ORDER_LIST_SORT,
    ]


async def test_applying_twice_is_a_recorded_no_op(database: MongoDatabase) -> None:
    second_run = await apply_migrations(database)

    records = (
        await database[MIGRATIONS_COLLECTION].find({}, {"_id": False}).to_list(None)
    )
    assert second_run == []
    assert sorted(r["name"] for r in records) == [m.name for m in load_migrations()]
    assert all(r["applied_at"] and r["indexes"] for r in records)


async def test_recreating_indexes_of_an_applied_migration_is_harmless(
    database: MongoDatabase,
) -> None:
    await database[MIGRATIONS_COLLECTION].delete_many({})

    rerun = await apply_migrations(database)

    assert rerun == [m.name for m in load_migrations()]
    assert await applied_migrations(database) == set(rerun)


async def test_unique_email_index_rejects_duplicates(database: MongoDatabase) -> None:
    await database["users"].insert_one({"id": "a", "email": "same@acacia.io"})

    with pytest.raises(DuplicateKeyError):
        await database["users"].insert_one({"id": "b", "email": "same@acacia.io"})


def test_migration_modules_declare_description_and_indexes() -> None:
    migrations = load_migrations()

    assert [m.name for m in migrations] == MIGRATION_NAMES
    assert MIGRATION_NAMES[:5] == [
        "m0001_users_indexes",
        "m0002_orders_indexes",
        "m0003_list_sort_indexes",
        "m0004_login_failures_ttl",
        "m0005_idempotency_keys_ttl",
    ]
    assert all(m.description and m.indexes for m in migrations)


def test_render_index_markdown_has_a_table_per_collection() -> None:
    markdown = render_index_markdown()

    assert "## `users`" in markdown
    assert "## `orders`" in markdown
    assert "| Index | Keys | Options | Purpose | Migration |" in markdown
    assert (
        "| `users_email_unique` | `email: 1` | `unique=true` | "
        "Enforces one account per email address (409 on duplicates). | "
        "`migrations/m0001_users_indexes.py` |"
    ) in markdown
    assert "`user_id: 1`, `created_at: -1`" in markdown


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"keys": ()}, "at least one key"),
        ({"keys": (("a", 2),)}, "1 or -1"),
        ({"options": {}}, "options\\['name'\\]"),
        ({"purpose": ""}, "purpose"),
    ],
)
def test_index_definition_rejects_incomplete_data(
    kwargs: dict[str, Any], message: str
) -> None:
    values: dict[str, Any] = {
        "collection": "users",
        "keys": (("a", 1),),
        "options": {"name": "a_1"},
        "purpose": "Testing.",
        **kwargs,
    }

    with pytest.raises(ValueError, match=message):
        IndexDefinition(**values)


def test_index_definition_is_immutable() -> None:
    index = IndexDefinition(
        collection="c", keys=(("a", 1),), options={"name": "a_1"}, purpose="P."
    )

    with pytest.raises(AttributeError):
        index.collection = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        index.options["unique"] = True  # type: ignore[index]


def test_cli_prints_index_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = migrations_main(["indexes"])

    assert exit_code == 0
    assert capsys.readouterr().out == render_index_markdown()


def test_cli_apply_migrates_the_configured_database(
    mongo_uri: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    suffix = uuid.uuid4().hex[:12]
    monkeypatch.setenv("ENVIRONMENT", "test")
    monkeypatch.setenv("MONGO_URI", mongo_uri)
    monkeypatch.setenv("DATABASE_NAME_SUFFIX", suffix)
    get_settings.cache_clear()
    name = f"acacia-analytics-test-{suffix}"
    client: MongoClient[dict[str, Any]] = MongoClient(mongo_uri)
    try:
        first = migrations_main(["apply"])
        first_out = json.loads(capsys.readouterr().out)
        second = migrations_main(["apply"])
        second_out = json.loads(capsys.readouterr().out)
        records = client[name][MIGRATIONS_COLLECTION].count_documents({})
    finally:
        get_settings.cache_clear()
        client.drop_database(name)
        client.close()

    assert (first, second) == (0, 0)
    assert first_out == {"database": name, "applied": MIGRATION_NAMES}
    assert second_out == {"database": name, "applied": []}
    assert records == len(MIGRATION_NAMES)


def test_cli_apply_says_one_line_and_exits_1_when_the_database_is_down(
    unused_port: int,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "migrations", "apply"],
        cwd=SERVICE_ROOT,
        env={
            **os.environ,
            "ENVIRONMENT": "test",
            "MONGO_URI": f"mongodb://127.0.0.1:{unused_port}/?directConnection=true",
            "MONGO_TIMEOUT_MS": "300",
            "MONGO_SERVER_SELECTION_TIMEOUT_MS": "300",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert result.stdout == ""
    database = Settings(_env_file=None, ENVIRONMENT="test").database_name
    assert result.stderr == (
        f"migrations not applied to {database}: ServerSelectionTimeoutError\n"
    )
