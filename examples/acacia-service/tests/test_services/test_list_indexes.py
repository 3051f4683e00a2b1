"""Every list query is read in the order of an index the migrations create.

Each ``list_*`` function of ``app.services`` runs against a migrated database
while a command listener records the ``find`` it sends; its filter and sort
must then be served by one of the collection's indexes: the filter's
equality fields first (in any order), then the sort's fields in the sort's
order, with all directions as the sort's or all reversed. On such an index
MongoDB walks the keys in order and stops after the page (``explain``:
``IXSCAN`` with no ``SORT`` stage), which a real mongod also shows here.

SecantusDB, the embedded test database, sorts in memory whenever a filter
precedes a compound sort, even with that index (its ``explain`` shows the
``SORT``): ``make bench-api`` measures what that costs a list of 10,000
documents, a cost of the test and dev database only.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.monitoring import (
    CommandFailedEvent,
    CommandListener,
    CommandStartedEvent,
    CommandSucceededEvent,
)

import app.services
from app.core.config import Settings
from app.core.database import Document
from migrations.runner import apply_migrations

ListFunction = Callable[..., Any]
PAGE = {"limit": 5, "offset": 0}
"""The keyword arguments every list function takes."""
OWNER = "5f0c6e1e-0000-4000-8000-000000000001"
"""The value given to a list function's other (``str``) parameters."""


def _list_functions() -> list[ListFunction]:
    modules = [
        importlib.import_module(f"app.services.{info.name}")
        for info in pkgutil.iter_modules(app.services.__path__)
    ]
    return [
        function
        for module in modules
        for name, function in inspect.getmembers(module, inspect.iscoroutinefunction)
        if name.startswith("list_") and function.__module__ == module.__name__
    ]


class FindRecorder(CommandListener):
    """Keeps every ``find`` command a client sends."""

    def __init__(self) -> None:
        """Start with no command."""
        self.finds: list[dict[str, Any]] = []

    def started(self, event: CommandStartedEvent) -> None:
        """Keep a ``find``."""
        if event.command_name == "find":
            self.finds.append(dict(event.command))

    def succeeded(self, event: CommandSucceededEvent) -> None:
        """Nothing to keep."""

    def failed(self, event: CommandFailedEvent) -> None:
        """Nothing to keep."""


def serves(keys: list[tuple[str, int]], query: Mapping[str, Any], sort: Any) -> bool:
    """Whether an index on ``keys`` returns ``query``'s matches in ``sort`` order."""
    equal = {
        field
        for field, value in query.items()
        if not (isinstance(value, Mapping) and any(k.startswith("$") for k in value))
    }
    if equal != set(query) or {field for field, _ in keys[: len(equal)]} != equal:
        return False
    order = list(dict(sort).items())
    walked = keys[len(equal) : len(equal) + len(order)]
    same = [(field, int(direction)) for field, direction in order]
    reversed_ = [(field, -int(direction)) for field, direction in order]
    return bool(order) and walked in (same, reversed_)


def _stages(plan: Mapping[str, Any]) -> list[str]:
    inner = [plan.get("inputStage"), *plan.get("inputStages", [])]
    return [str(plan.get("stage")), *(s for p in inner if p for s in _stages(p))]


@pytest.fixture
async def recorded(
    settings: Settings,
) -> AsyncIterator[tuple[Any, FindRecorder]]:
    """A migrated database whose client records its ``find`` commands."""
    recorder = FindRecorder()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        settings.MONGO_URI, event_listeners=[recorder], tz_aware=True
    )
    database = client[settings.database_name]
    await apply_migrations(database)
    recorder.finds.clear()
    try:
        yield database, recorder
    finally:
        await client.drop_database(settings.database_name)
        await client.close()


def _arguments(function: ListFunction) -> list[str]:
    parameters = list(inspect.signature(function).parameters.values())[1:]
    positional = [p for p in parameters if p.kind is not p.KEYWORD_ONLY]
    keywords = {p.name for p in parameters if p.kind is p.KEYWORD_ONLY}
    assert keywords >= set(PAGE), f"{function.__name__} pages with limit and offset"
    assert all(p.annotation in ("str", str) for p in positional), (
        f"{function.__name__}: give its parameters a value here"
    )
    return [OWNER] * len(positional)


def test_the_services_have_list_functions() -> None:
    names = {function.__name__ for function in _list_functions()}

    assert {"list_users", "list_orders"} <= names


@pytest.mark.parametrize("function", _list_functions(), ids=lambda f: f.__name__)
async def test_every_list_reads_in_the_order_of_a_migrated_index(
    recorded: tuple[Any, FindRecorder], function: ListFunction
) -> None:
    database, recorder = recorded

    await function(database, *_arguments(function), **PAGE)

    (find,) = recorder.finds
    collection = database[find["find"]]
    indexes = [
        list(spec["key"].items()) async for spec in await collection.list_indexes()
    ]
    serving = [keys for keys in indexes if serves(keys, find["filter"], find["sort"])]
    assert serving, f"no index serves {find['filter']} sorted by {find['sort']}"
    build = await database.client.admin.command("buildInfo")
    if "secantusVersion" not in build:  # a real mongod (MONGO_URI): its plan
        explained = await database.command(
            {"explain": find, "verbosity": "queryPlanner"}
        )
        stages = _stages(explained["queryPlanner"]["winningPlan"])
        assert "SORT" not in stages, stages
        assert "IXSCAN" in stages, stages


@pytest.mark.parametrize(
    ("keys", "query", "sort", "expected"),
    [
        ([("u", 1), ("c", -1), ("i", -1)], {"u": "x"}, {"c": -1, "i": -1}, True),
        ([("u", 1), ("c", -1), ("i", -1)], {"u": "x"}, {"c": 1, "i": 1}, True),
        ([("u", 1), ("c", -1)], {"u": "x"}, {"c": -1, "i": -1}, False),
        ([("c", -1), ("i", -1), ("u", 1)], {"u": "x"}, {"c": -1, "i": -1}, False),
        ([("u", 1), ("c", -1), ("i", 1)], {"u": "x"}, {"c": -1, "i": -1}, False),
        ([("c", 1), ("i", 1)], {}, {"c": 1, "i": 1}, True),
        ([("u", 1), ("c", 1)], {"u": {"$gt": "x"}}, {"c": 1}, False),
    ],
)
def test_serves_follows_mongodbs_rule(
    keys: list[tuple[str, int]], query: dict[str, Any], sort: Any, expected: bool
) -> None:
    assert serves(keys, query, sort) is expected
