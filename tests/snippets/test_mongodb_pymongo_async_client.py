"""snippets/mongodb/pymongo_async_client.py: PyMongo's async client, same pool."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.snippets.conftest import (
    assert_refuses_without_mongo_uri,
    load,
    printed_by,
)

SNIPPET = "mongodb/pymongo_async_client.py"


@pytest.mark.integration
def test_prints_ping_and_pool(
    run_main: Callable[[str], str], database_env: str
) -> None:
    assert run_main(SNIPPET) == printed_by(SNIPPET)


async def test_client_carries_the_pool_and_timeouts() -> None:
    client = load(SNIPPET)["create_client"]("mongodb://127.0.0.1:1")
    try:
        assert client.options.pool_options.min_pool_size == 2
        assert client.options.server_selection_timeout == 3.0
    finally:
        await client.close()


def test_refuses_to_start_without_mongo_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_refuses_without_mongo_uri(SNIPPET, monkeypatch)
