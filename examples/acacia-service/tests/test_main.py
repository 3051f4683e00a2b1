"""Smoke tests: the app is built correctly and its docs are reachable."""

from __future__ import annotations

import gc

import httpx
import pytest
from fastapi import FastAPI

from app.core.config import Settings, get_settings
from app.main import (
    STARTUP_REFUSED_EXIT_CODE,
    YOUNG_COLLECTION_THRESHOLD,
    build_app_or_exit,
    create_app,
)
from app.main import app as module_app
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, SettingsFactory, migrate, serve

pytestmark = pytest.mark.smoke

TITLE = "Acacia Analytics API"


def test_create_app_sets_title_and_version(settings_app: FastAPI) -> None:
    assert settings_app.title == TITLE
    assert settings_app.version == "1.0.0"


def test_module_level_app_is_built_for_uvicorn() -> None:
    assert isinstance(module_app, FastAPI)
    paths = set(module_app.openapi()["paths"])
    assert {"/api/v1/health", "/api/v1/users", "/api/v1/users/{user_id}"} <= paths


def test_unsafe_settings_exit_with_code_3_before_serving(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("GCP_PROJECT_ID", raising=False)
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as exit_:
            build_app_or_exit()
    finally:
        get_settings.cache_clear()
    assert exit_.value.code == STARTUP_REFUSED_EXIT_CODE


# --8<-- [start:smoke_test]
async def test_health_reports_database_reachable(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "reachable",
        "environment": "test",
        "version": "1.0.0",
    }
    assert response.headers["x-request-id"]


# --8<-- [end:smoke_test]


async def test_docs_and_openapi_are_served(client: httpx.AsyncClient) -> None:
    docs = await client.get("/docs")
    openapi = await client.get("/openapi.json")

    assert docs.status_code == 200
    assert "swagger-ui" in docs.text
    assert openapi.status_code == 200
    schema = openapi.json()
    assert schema["info"] == {"title": TITLE, "version": "1.0.0"}
    assert "/api/v1/users/{user_id}/orders" in schema["paths"]


async def test_docs_can_be_disabled(make_settings: SettingsFactory) -> None:
    application = create_app(make_settings(ENABLE_DOCS=False))
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        response = await c.get("/openapi.json")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


@pytest.fixture
def settings_app(make_settings: SettingsFactory) -> FastAPI:
    """An app built from test settings, lifespan not started."""
    return create_app(make_settings())


@pytest.mark.parametrize("driver", ["motor", "pymongo"])
async def test_the_app_serves_with_either_driver(
    make_settings: SettingsFactory, driver: str
) -> None:
    settings = make_settings(MONGO_DRIVER=driver)
    await migrate(settings)
    async with serve(settings) as client:
        login = {"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        token = (await client.post("/api/v1/auth/token", data=login)).json()
        me = await client.get(
            "/api/v1/users/me",
            headers={"Authorization": f"Bearer {token['access_token']}"},
        )

    assert me.status_code == 200
    assert me.json()["email"] == ADMIN_EMAIL


async def test_start_up_objects_are_frozen_while_serving_and_released_after(
    settings: Settings,
) -> None:
    default_threshold = gc.get_threshold()
    try:
        async with serve(settings) as client:
            assert (await client.get("/api/v1/health")).status_code == 200
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold()[0] == YOUNG_COLLECTION_THRESHOLD
        assert gc.get_freeze_count() == 0
    finally:
        gc.set_threshold(*default_threshold)
