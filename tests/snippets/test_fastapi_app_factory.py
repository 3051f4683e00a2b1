"""snippets/fastapi/app_factory.py: the lifespan opens and closes the client."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pymongo.errors import InvalidOperation

from tests.snippets.conftest import assert_refuses_without_mongo_uri, load

SNIPPET = "fastapi/app_factory.py"


@pytest.mark.integration
def test_health_pings_the_configured_database(
    mongo_uri: str, unique_db_name: str
) -> None:
    app = load(SNIPPET)["create_app"](mongo_uri, unique_db_name)
    with TestClient(app) as client:
        response = client.get("/health")
    assert response.json() == {"status": "ok", "database": unique_db_name}


def test_each_call_builds_a_separate_app() -> None:
    create_app = load(SNIPPET)["create_app"]
    first, second = create_app("mongodb://a"), create_app("mongodb://b")
    assert first is not second
    assert [first.state.mongo_uri, second.state.mongo_uri] == [
        "mongodb://a",
        "mongodb://b",
    ]


@pytest.mark.integration
def test_the_client_is_closed_at_shutdown(mongo_uri: str, unique_db_name: str) -> None:
    app = load(SNIPPET)["create_app"](mongo_uri, unique_db_name)
    with TestClient(app):
        client = app.state.database.client
        assert client.delegate.admin.command("ping")["ok"] == 1
    with pytest.raises(InvalidOperation, match="after close"):
        client.delegate.admin.command("ping")


def test_refuses_to_start_without_mongo_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_refuses_without_mongo_uri(SNIPPET, monkeypatch)
