"""The service runs with a least-privilege MongoDB user (readWrite on its database).

This test always starts its own SecantusDB with authentication on, even
when ``MONGO_URI`` points elsewhere: it needs to create users.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pymongo import MongoClient
from pymongo.errors import OperationFailure

from app.core.config import Environment, Settings
from app.core.database import close_client, create_pymongo_client
from migrations.runner import apply_migrations
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, TEST_SECRET_KEY, serve

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DATABASE = "acacia-analytics-test-least-privilege"
PRODUCTION_DATABASE = "acacia-analytics-prod"
SERVICE_USER, SERVICE_PASSWORD = "acacia-api", "service-password-123"


@dataclass(frozen=True)
class AuthServer:
    """Where the auth-enabled server listens."""

    host: str
    port: int

    def uri(self, user: str, password: str) -> str:
        """A URI for ``user`` (authenticated against ``admin``)."""
        return f"mongodb://{user}:{password}@{self.host}:{self.port}/?authSource=admin"


# --8<-- [start:least_privilege_setup]
@pytest.fixture(scope="module")
def auth_server() -> Iterator[AuthServer]:
    """SecantusDB with --auth, a root user and the service's readWrite user."""
    from secantus import SecantusDBServer

    with tempfile.TemporaryDirectory(prefix="acacia-auth-") as storage:
        # 1. Provision users while auth is off (SecantusDB's documented way).
        with (
            SecantusDBServer(port=0, storage_path=storage) as setup,
            MongoClient[dict[str, object]](str(setup.uri)) as client,
        ):
            client.admin.command(
                "createUser", "root", pwd="root-password-123", roles=["root"]
            )
            client.admin.command(
                "createUser",
                SERVICE_USER,
                pwd=SERVICE_PASSWORD,
                roles=[{"role": "readWrite", "db": DATABASE}],
            )
        # 2. Restart on the same data with authentication required.
        with SecantusDBServer(port=0, storage_path=storage, require_auth=True) as srv:
            yield AuthServer(srv.host, srv.port)


# --8<-- [end:least_privilege_setup]


def _settings(uri: str) -> Settings:
    return Settings(
        _env_file=None,
        ENVIRONMENT=Environment.TEST,
        MONGO_URI=uri,
        DATABASE_NAME_SUFFIX="least-privilege",
        SECRET_KEY=TEST_SECRET_KEY,
        FIRST_ADMIN_EMAIL=ADMIN_EMAIL,
        FIRST_ADMIN_PASSWORD=ADMIN_PASSWORD,
        MONGO_SERVER_SELECTION_TIMEOUT_MS=3_000,
    )


# --8<-- [start:least_privilege_test]
async def test_service_works_with_readwrite_on_its_own_database_only(
    auth_server: AuthServer,
) -> None:
    settings = _settings(auth_server.uri(SERVICE_USER, SERVICE_PASSWORD))
    assert settings.database_name == DATABASE
    migrator = create_pymongo_client(settings)
    try:
        await apply_migrations(migrator[DATABASE])
    finally:
        await close_client(migrator)

    async with serve(settings) as client:
        health = await client.get("/api/v1/health")
        token = await client.post(
            "/api/v1/auth/token",
            data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        )
        me = await client.get(
            "/api/v1/users/me",
            headers={"Authorization": f"Bearer {token.json()['access_token']}"},
        )

    assert health.status_code == 200
    assert me.json()["role"] == "admin"
    uri = auth_server.uri(SERVICE_USER, SERVICE_PASSWORD)
    with MongoClient[dict[str, object]](uri) as direct:
        direct[DATABASE]["probe"].insert_one({"ok": True})
        with pytest.raises(OperationFailure) as denied:
            direct[PRODUCTION_DATABASE]["users"].insert_one({"evil": True})
    assert denied.value.code == 13  # Unauthorized


# --8<-- [end:least_privilege_test]


async def test_wrong_credentials_make_health_503_with_a_clear_message(
    auth_server: AuthServer, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(auth_server.uri(SERVICE_USER, "wrong-password-000"))

    async with serve(settings) as client:
        health = await client.get("/api/v1/health")

    assert health.status_code == 503
    assert health.json()["detail"] == (
        "The database refused the service's credentials: authentication failed: "
        "check the user and password in MONGO_URI."
    )
    assert "wrong-password" not in health.text
    reasons = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert (
        "database unusable at start-up: authentication failed: "
        "check the user and password in MONGO_URI"
    ) in reasons
