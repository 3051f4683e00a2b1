"""snippets/mongodb/motor_client.py: a pooled Motor client pings and closes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.snippets.conftest import (
    assert_refuses_without_mongo_uri,
    load,
    printed_by,
)

SNIPPET = "mongodb/motor_client.py"


@pytest.mark.integration
def test_prints_ping_pool_and_timeout(
    run_main: Callable[[str], str], database_env: str
) -> None:
    assert run_main(SNIPPET) == printed_by(SNIPPET)


def test_client_carries_the_pool_and_timeouts() -> None:
    client = load(SNIPPET)["create_client"]("mongodb://127.0.0.1:1")
    try:
        assert client.options.pool_options.max_pool_size == 20
        assert client.options.server_selection_timeout == 3.0
        assert client.options.pool_options.socket_timeout == 10.0
    finally:
        client.close()


def test_refuses_to_start_without_mongo_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_refuses_without_mongo_uri(SNIPPET, monkeypatch)
