"""Shared fixtures: one database server per session, one database per test.

The server is SecantusDB (started here on a free port) unless ``MONGO_URI``
points at a real mongod/Atlas. Every test gets its own database,
``acacia-analytics-test-<random>``, dropped afterwards.
"""

from __future__ import annotations

import os

# Must run before ``app`` is imported: ``app.main`` builds a module-level app.
os.environ["ENVIRONMENT"] = "test"

import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pymongo import MongoClient as SyncClient
from pymongo.errors import PyMongoError

from app.core.config import Environment, Settings
from app.core.database import (
    MongoClient,
    MongoDatabase,
    close_client,
    create_motor_client,
    create_pymongo_client,
)
from app.core.security import Role, create_access_token
from app.schemas.user import UserCreate
from app.services import user_service
from migrations.runner import apply_migrations

TEST_HASH_COST = {"PASSWORD_HASH_MEMORY_KIB": "64", "PASSWORD_HASH_ITERATIONS": "1"}
"""Argon2id at a trivial cost: tests only (staging and production refuse it)."""

# The module-level app refuses to start without a key; set one (and the test
# hash cost) only while it is built, so tests of Secret Manager and of
# production settings still see these variables unset.
_BUILD_ENV = {"SECRET_KEY": "test-secret-key-" + "k" * 40, **TEST_HASH_COST}
_UNSET = [name for name in _BUILD_ENV if name not in os.environ]
os.environ.update({name: _BUILD_ENV[name] for name in _UNSET})
try:
    from app.main import create_app
finally:
    for name in _UNSET:
        del os.environ[name]

SettingsFactory = Callable[..., Settings]
TEST_SECRET_KEY = "test-secret-key-" + "k" * 40
"""48 characters, long enough for production's check; only ever used in tests."""
ADMIN_EMAIL = "admin@acacia.io"
ADMIN_PASSWORD = "admin-password-for-tests"
USER_PASSWORD = "user-password-for-tests"


@pytest.fixture(scope="session")
def mongo_uri() -> Iterator[str]:
    """URI of the session's database server (started here unless MONGO_URI)."""
    external = os.environ.get("MONGO_URI")
    if external:
        yield external
        return
    from secantus import SecantusDBServer

    with (
        tempfile.TemporaryDirectory(prefix="acacia-secantus-") as storage,
        SecantusDBServer(port=0, storage_path=storage) as server,
    ):
        yield str(server.uri)


# --8<-- [start:settings_factory]
@pytest.fixture
def make_settings(mongo_uri: str) -> SettingsFactory:
    """Build test settings with a unique database name for this test."""
    suffix = uuid.uuid4().hex[:12]

    def factory(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "ENVIRONMENT": Environment.TEST,
            "MONGO_URI": mongo_uri,
            "DATABASE_NAME_SUFFIX": suffix,
            "MONGO_SERVER_SELECTION_TIMEOUT_MS": 5_000,
            "ENABLE_DOCS": True,
            "SECRET_KEY": TEST_SECRET_KEY,
            "FIRST_ADMIN_EMAIL": ADMIN_EMAIL,
            "FIRST_ADMIN_PASSWORD": ADMIN_PASSWORD,
            **TEST_HASH_COST,
            **overrides,
        }
        return Settings(_env_file=None, **values)

    return factory


# --8<-- [end:settings_factory]


@pytest.fixture
def settings(make_settings: SettingsFactory) -> Settings:
    """Default test settings."""
    return make_settings()


# --8<-- [start:both_drivers_fixture]
@pytest.fixture(params=["motor", "pymongo"])
async def database(
    request: pytest.FixtureRequest, settings: Settings
) -> AsyncIterator[MongoDatabase]:
    """A migrated, per-test database from Motor *and* from PyMongo async."""
    client: MongoClient = (
        create_motor_client(settings)
        if request.param == "motor"
        else create_pymongo_client(settings)
    )
    db = client[settings.database_name]
    await apply_migrations(db)
    try:
        yield db
    finally:
        await client.drop_database(settings.database_name)
        await close_client(client)


# --8<-- [end:both_drivers_fixture]


async def migrate(settings: Settings) -> list[str]:
    """Apply the migrations to the settings' database, as Cloud Build does."""
    client = create_pymongo_client(settings)
    try:
        return await apply_migrations(client[settings.database_name])
    finally:
        await close_client(client)


@asynccontextmanager
async def serve(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """Start an app built from ``settings`` (lifespan included); call it in-process.

    Each call is its own instance with its own clients, as a uvicorn worker is.
    """
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            yield c


async def login(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    """The bearer header of ``email``, logged in through ``POST /auth/token``."""
    response = await client.post(
        "/api/v1/auth/token", data={"username": email, "password": password}
    )
    assert response.status_code == 200, f"login failed: {response.text}"
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


# --8<-- [start:client_fixture]
@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The real app, started (lifespan) on an already migrated database."""
    await migrate(settings)
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application
        await application.state.mongo_client.drop_database(settings.database_name)


@pytest.fixture
async def anonymous_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP client calling the app in-process (no network), without a token."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP client authenticated as the first admin (created by the lifespan)."""
    admin = await user_service.find_user_by_email(app.state.database, ADMIN_EMAIL)
    assert admin is not None, "the lifespan creates the first admin in test"
    token = create_access_token(admin.id, admin.role, app.state.settings)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://test",
        headers={"Authorization": f"Bearer {token}"},
    ) as c:
        yield c


# --8<-- [end:client_fixture]


# --8<-- [start:user_fixtures]
UserFactory = Callable[..., Awaitable[tuple[dict[str, Any], dict[str, str]]]]


@pytest.fixture
def make_user(app: FastAPI) -> UserFactory:
    """Create a user in the database; return its public fields and auth headers."""

    async def factory(
        email: str = "user@acacia.io", role: Role = "user"
    ) -> tuple[dict[str, Any], dict[str, str]]:
        user = await user_service.create_user(
            app.state.database,
            UserCreate(
                email=email, full_name="Test User", password=USER_PASSWORD, role=role
            ),
        )
        token = create_access_token(user.id, user.role, app.state.settings)
        return (
            {"id": user.id, "email": user.email, "role": user.role},
            {"Authorization": f"Bearer {token}"},
        )

    return factory


# --8<-- [end:user_fixtures]


def free_port() -> int:
    """A TCP port on 127.0.0.1 where nothing listens (yet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def unused_port() -> int:
    """A TCP port on 127.0.0.1 where nothing listens."""
    return free_port()


class DatabaseProcess:
    """SecantusDB in its own process, so a test can stop, kill and restart it.

    Durable as deployed databases are; stays on one port and data folder
    across restarts.
    """

    def __init__(self, storage: Path, port: int) -> None:
        """Remember where the server keeps its data and listens."""
        self.storage = storage
        self.port = port
        self.uri = f"mongodb://127.0.0.1:{port}/?directConnection=true"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the server and wait until it answers as itself.

        The port was free when chosen, but another process may take it before
        the server binds it: then the server exits, and a first start tries
        again on another port (a restart keeps its port, or fails).
        """
        first_start = self._process is None
        for _ in range(5):
            self._process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "secantus", "--host", "127.0.0.1"),
                    *("--port", str(self.port), "--storage-path", str(self.storage)),
                    *("--log-level", "ERROR"),
                ],
                env={
                    k: v
                    for k, v in os.environ.items()
                    if k != "SECANTUS_TEST_FAST_STORAGE"
                },
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if self._answers_as_itself(self._process):
                return
            if not first_start:
                break
            self.port = free_port()
            self.uri = f"mongodb://127.0.0.1:{self.port}/?directConnection=true"
        raise RuntimeError(f"SecantusDB did not start on port {self.port}")

    def _answers_as_itself(self, process: subprocess.Popen[bytes]) -> bool:
        """Whether the server on the port is ``process`` (serverStatus's pid)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                client: SyncClient[dict[str, Any]]
                with SyncClient(self.uri, serverSelectionTimeoutMS=200) as client:
                    status = client.admin.command("serverStatus")
                if status.get("pid") == process.pid:
                    return True
            except PyMongoError:
                pass
            time.sleep(0.05)
        process.kill()
        process.wait(timeout=30)
        return False

    def signal(self, signum: signal.Signals) -> None:
        """Send ``signum`` (SIGSTOP, SIGCONT, SIGKILL) to the server."""
        assert self._process is not None
        self._process.send_signal(signum)
        if signum is signal.SIGKILL:
            self._process.wait(timeout=30)
        if signum is signal.SIGSTOP:
            self._wait_until_stopped()

    def _wait_until_stopped(self) -> None:
        """Return once the kernel shows the server stopped (``T``), on Linux.

        A signal is delivered asynchronously: on a loaded machine the server
        could otherwise still answer the request sent right after it.
        """
        assert self._process is not None
        stat = Path(f"/proc/{self._process.pid}/stat")
        deadline = time.monotonic() + 10
        while stat.exists() and time.monotonic() < deadline:
            if stat.read_text().rsplit(")", 1)[1].split()[0] == "T":
                return
            time.sleep(0.01)

    def stop(self) -> None:
        """Kill the server if it still runs (end of test)."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGCONT)
            self._process.kill()
            self._process.wait(timeout=30)


@pytest.fixture
def database_process(tmp_path: Path, unused_port: int) -> Iterator[DatabaseProcess]:
    """A started SecantusDB process of this test's own (data under ``tmp_path``)."""
    server = DatabaseProcess(tmp_path / "db", unused_port)
    server.start()
    try:
        yield server
    finally:
        server.stop()
