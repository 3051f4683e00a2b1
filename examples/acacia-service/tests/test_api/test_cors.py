"""CORS follows configuration: listed origins only, never a wildcard."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from app.main import create_app
from tests.conftest import SettingsFactory

ALLOWED = "https://app.acacia.io"


@pytest.fixture
async def cors_client(
    make_settings: SettingsFactory,
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        make_settings(CORS_ALLOW_ORIGINS=ALLOWED, CORS_ALLOW_METHODS="GET,POST")
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            yield c
        await app.state.mongo_client.drop_database(app.state.settings.database_name)


async def test_preflight_from_a_listed_origin_is_allowed(
    cors_client: httpx.AsyncClient,
) -> None:
    response = await cors_client.options(
        "/api/v1/users",
        headers={
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in response.headers["access-control-allow-methods"]


@pytest.mark.parametrize(
    ("origin", "method"),
    [("https://evil.example", "GET"), (ALLOWED, "DELETE")],
    ids=["unlisted-origin", "unlisted-method"],
)
async def test_preflight_outside_the_configuration_is_refused(
    cors_client: httpx.AsyncClient, origin: str, method: str
) -> None:
    response = await cors_client.options(
        "/api/v1/users",
        headers={"Origin": origin, "Access-Control-Request-Method": method},
    )

    assert response.status_code == 400
    assert response.text.startswith("Disallowed CORS")


async def test_simple_request_from_unlisted_origin_gets_no_cors_header(
    cors_client: httpx.AsyncClient,
) -> None:
    response = await cors_client.get(
        "/api/v1/health", headers={"Origin": "https://evil.example"}
    )

    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_comma_separated_settings_become_lists(make_settings: SettingsFactory) -> None:
    settings = make_settings(CORS_ALLOW_ORIGINS=" https://a.io , https://b.io,")

    assert settings.CORS_ALLOW_ORIGINS == ["https://a.io", "https://b.io"]
