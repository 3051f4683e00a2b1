"""Production refuses unsafe settings; staging/production read Secret Manager."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

import pytest

from app.core.config import (
    SERVICE_ROOT,
    Environment,
    Settings,
    StartupRefusedError,
    check_production_safety,
)
from app.core.secrets import load_secrets
from app.main import create_app
from tests.conftest import TEST_SECRET_KEY

GOOD_KEY = TEST_SECRET_KEY


def _production(**values: Any) -> Settings:
    base: dict[str, Any] = {
        "ENVIRONMENT": Environment.PRODUCTION,
        "MONGO_URI": "mongodb://db.internal:27017/",
        "SECRET_KEY": GOOD_KEY,
    }
    return Settings(_env_file=None, **{**base, **values})


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "s" * 31}, "shorter than 32 characters"),
        (
            {"SECRET_KEY": "development-only-secret-key-do-not-use-in-production"},
            "known default",
        ),
        ({"CORS_ALLOW_ORIGINS": "https://a.io,*"}, "allows every origin"),
        ({"PASSWORD_HASH_MEMORY_KIB": 64}, "PASSWORD_HASH_MEMORY_KIB"),
        ({"PASSWORD_HASH_ITERATIONS": 1}, "PASSWORD_HASH_ITERATIONS"),
    ],
    ids=[
        "missing-key",
        "short-key",
        "default-key",
        "cors-wildcard",
        "cheap-hash-memory",
        "cheap-hash-iterations",
    ],
)
def test_unsafe_production_settings_are_refused(
    values: dict[str, Any], message: str
) -> None:
    with pytest.raises(StartupRefusedError, match=message):
        check_production_safety(_production(**values))


def test_safe_production_settings_pass_and_other_environments_are_not_checked() -> None:
    check_production_safety(_production(CORS_ALLOW_ORIGINS="https://app.acacia.io"))
    check_production_safety(Settings(_env_file=None, SECRET_KEY="short"))


@pytest.mark.parametrize("environment", list(Environment))
def test_an_empty_secret_key_is_refused_in_every_environment(
    environment: Environment,
) -> None:
    settings = Settings(_env_file=None, ENVIRONMENT=environment, SECRET_KEY="")

    with pytest.raises(StartupRefusedError, match="SECRET_KEY is not set"):
        check_production_safety(settings)


def test_staging_refuses_a_cheap_password_hash() -> None:
    staging = Settings(
        _env_file=None,
        ENVIRONMENT=Environment.STAGING,
        SECRET_KEY=GOOD_KEY,
        PASSWORD_HASH_MEMORY_KIB=1024,
    )

    with pytest.raises(StartupRefusedError, match="PASSWORD_HASH_MEMORY_KIB"):
        check_production_safety(staging)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("s" * 31, "shorter than 32 characters"),
        ("development-only-secret-key-do-not-use-in-production", "known default"),
    ],
)
def test_staging_refuses_a_short_or_known_default_key(key: str, message: str) -> None:
    staging = Settings(_env_file=None, ENVIRONMENT=Environment.STAGING, SECRET_KEY=key)

    with pytest.raises(StartupRefusedError, match=message):
        check_production_safety(staging)


# --8<-- [start:startup_refusal_test]
def _refusal_line(overrides: dict[str, str], secret: str) -> str:
    """Import ``app.main`` in a new process and return its one log line.

    The process must exit with code 3 after one CRITICAL line, print no
    traceback and never echo ``secret``.
    """
    result = subprocess.run(
        [sys.executable, "-c", "import app.main"],
        cwd=SERVICE_ROOT,
        env={**os.environ, "MONGO_URI": "mongodb://127.0.0.1:9/", **overrides},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 3, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 1
    assert lines[0]["severity"] == "CRITICAL"
    assert "Traceback" not in result.stderr
    assert secret not in result.stdout + result.stderr
    return str(lines[0]["message"])


@pytest.mark.slow
def test_production_process_exits_with_one_clear_log_line() -> None:
    line = _refusal_line(
        {"ENVIRONMENT": "production", "SECRET_KEY": "too-short"}, secret="too-short"
    )

    assert line == "refusing to start: SECRET_KEY is shorter than 32 characters"


# --8<-- [end:startup_refusal_test]


@dataclass
class _Payload:
    data: bytes


@dataclass
class _Version:
    payload: _Payload


class FakeSecretManager:
    """Stands in for ``SecretManagerServiceClient`` at its boundary."""

    def __init__(self, values: dict[str, str]) -> None:
        """Serve ``values`` (secret name -> value); record every request."""
        self.values = values
        self.requested: list[str] = []

    def access_secret_version(self, *, request: dict[str, str]) -> _Version:
        """Return the secret's value, or fail like a missing IAM grant."""
        self.requested.append(request["name"])
        secret = request["name"].split("/")[3]
        if secret not in self.values:
            raise PermissionError("403 Permission denied on resource")
        return _Version(_Payload(self.values[secret].encode() + b"\n"))


# --8<-- [start:secret_manager_test]
@pytest.mark.parametrize(
    ("environment", "uri_secret", "key_secret"),
    [
        ("staging", "MONGO_URI_STAGING", "SECRET_KEY_STAGING"),
        ("production", "MONGO_URI", "SECRET_KEY"),
    ],
)
def test_staging_and_production_read_secrets_from_secret_manager(
    monkeypatch: pytest.MonkeyPatch, environment: str, uri_secret: str, key_secret: str
) -> None:
    from google.cloud import secretmanager

    fake = FakeSecretManager(
        {uri_secret: "mongodb://db.from-secret-manager.example/", key_secret: GOOD_KEY}
    )
    monkeypatch.setattr(secretmanager, "SecretManagerServiceClient", lambda: fake)
    settings = Settings(
        _env_file=None, ENVIRONMENT=Environment(environment), GCP_PROJECT_ID="acacia-p"
    )

    loaded = load_secrets(settings)

    assert fake.requested == [
        f"projects/acacia-p/secrets/{uri_secret}/versions/latest",
        f"projects/acacia-p/secrets/{key_secret}/versions/latest",
    ]
    assert loaded.MONGO_URI == "mongodb://db.from-secret-manager.example/"
    assert loaded.SECRET_KEY.get_secret_value() == GOOD_KEY


# --8<-- [end:secret_manager_test]


def test_secrets_already_in_the_environment_are_not_fetched_again() -> None:
    fake = FakeSecretManager({"SECRET_KEY": GOOD_KEY})
    settings = Settings(
        _env_file=None,
        ENVIRONMENT=Environment.PRODUCTION,
        GCP_PROJECT_ID="acacia-p",
        MONGO_URI="mongodb://set-by-cloud-run/",
        SECRET_VERSION="7",
    )

    loaded = load_secrets(settings, client_factory=lambda: fake)

    assert fake.requested == ["projects/acacia-p/secrets/SECRET_KEY/versions/7"]
    assert loaded.MONGO_URI == "mongodb://set-by-cloud-run/"


def test_development_and_test_never_call_secret_manager() -> None:
    def no_client() -> FakeSecretManager:
        raise AssertionError("Secret Manager must not be used locally")

    for environment in (Environment.DEVELOPMENT, Environment.TEST):
        settings = Settings(_env_file=None, ENVIRONMENT=environment)
        assert load_secrets(settings, client_factory=no_client) is settings


@pytest.mark.parametrize(
    ("project", "values", "message"),
    [
        ("", {}, "GCP_PROJECT_ID is required"),
        (
            "acacia-p",
            {"MONGO_URI": "mongodb://x/"},
            "cannot read secret projects/acacia-p/secrets/SECRET_KEY/versions/latest",
        ),
    ],
    ids=["no-project", "secret-missing"],
)
def test_secret_manager_failures_refuse_start_up_with_the_secret_name(
    project: str, values: dict[str, str], message: str
) -> None:
    settings = Settings(
        _env_file=None, ENVIRONMENT=Environment.PRODUCTION, GCP_PROJECT_ID=project
    )

    with pytest.raises(StartupRefusedError, match=message):
        load_secrets(settings, client_factory=lambda: FakeSecretManager(values))


def test_create_app_in_production_uses_the_secret_manager_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from google.cloud import secretmanager

    fake = FakeSecretManager({"MONGO_URI": "mongodb://127.0.0.1:9/", "SECRET_KEY": "x"})
    monkeypatch.setattr(secretmanager, "SecretManagerServiceClient", lambda: fake)
    settings = Settings(
        _env_file=None, ENVIRONMENT=Environment.PRODUCTION, GCP_PROJECT_ID="p"
    )

    with pytest.raises(StartupRefusedError, match="shorter than 32"):
        create_app(settings)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("values", "named"),
    [
        (
            {"LOG_LEVEL": "info", "MONGO_MAX_POOL_SIZE": "pool-hunter2"},
            ["LOG_LEVEL: String should match pattern", "MONGO_MAX_POOL_SIZE: "],
        ),
        (
            {"FEATURE_FLAGS": '{"x": "hunter2"'},
            ['error parsing value for field "FEATURE_FLAGS"'],
        ),
        (
            {"FEATURE_FLAGS": '{"x": {"rollout_percent": 500}}', "LOG_LEVEL": "x"},
            ["FEATURE_FLAGS.x.rollout_percent: ", "LOG_LEVEL: "],
        ),
        ({"RATE_LIMIT_TOKEN": "hunter2"}, ["RATE_LIMIT_TOKEN: Value error"]),
    ],
    ids=["pattern-and-int", "bad-json", "nested-and-pattern", "custom-validator"],
)
def test_invalid_settings_exit_3_with_one_line_naming_fields_not_values(
    values: dict[str, str], named: list[str]
) -> None:
    overrides = {"ENVIRONMENT": "test", "SECRET_KEY": "hunter2-" + GOOD_KEY, **values}

    line = _refusal_line(overrides, secret="hunter2")

    assert line.startswith("refusing to start: invalid settings: ")
    for text in named:
        assert text in line
