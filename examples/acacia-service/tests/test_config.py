"""Settings: environment-specific database names and .env.example parity."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsError

from app.core import config
from app.core.config import DATABASE_NAMES, SERVICE_ROOT, Environment, Settings

ENV_EXAMPLE = SERVICE_ROOT / ".env.example"
TEST_DATABASE = "acacia-analytics-test"


def _documented_variables() -> dict[str, bool]:
    """Map each variable in .env.example to whether a comment line precedes it."""
    documented: dict[str, bool] = {}
    previous = ""
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=", line)
        if match:
            documented[match.group(1)] = previous.startswith("#")
        previous = line.strip() if line.strip() else previous
    return documented


def test_env_example_lists_exactly_the_settings_fields() -> None:
    documented = _documented_variables()

    assert set(documented) == set(Settings.model_fields)


def test_every_env_example_variable_has_a_comment_line() -> None:
    undocumented = [
        name for name, has_comment in _documented_variables().items() if not has_comment
    ]

    assert undocumented == []


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ("development", "acacia-analytics-dev"),
        ("test", "acacia-analytics-test"),
        ("staging", "acacia-analytics-staging"),
        ("production", "acacia-analytics-prod"),
    ],
)
def test_database_name_is_derived_from_environment(
    environment: str, expected: str
) -> None:
    settings = Settings(_env_file=None, ENVIRONMENT=Environment(environment))

    assert settings.database_name == expected


def test_database_names_are_kebab_case_and_distinct() -> None:
    names = list(DATABASE_NAMES.values())

    assert len(set(names)) == len(Environment)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", name) for name in names)


def test_test_suffix_keeps_the_test_database_prefix() -> None:
    settings = Settings(
        _env_file=None, ENVIRONMENT=Environment.TEST, DATABASE_NAME_SUFFIX="abc1"
    )

    assert settings.database_name == f"{TEST_DATABASE}-abc1"


@pytest.mark.parametrize("environment", ["development", "staging", "production"])
def test_database_suffix_is_rejected_outside_test(environment: str) -> None:
    with pytest.raises(ValidationError, match="only allowed when ENVIRONMENT=test"):
        Settings(
            _env_file=None,
            ENVIRONMENT=Environment(environment),
            DATABASE_NAME_SUFFIX="x",
        )


def test_database_suffix_must_be_kebab_case() -> None:
    with pytest.raises(ValidationError, match="kebab-case"):
        Settings(
            _env_file=None,
            ENVIRONMENT=Environment.TEST,
            DATABASE_NAME_SUFFIX="Bad_Name",
        )


def test_min_pool_size_above_max_is_rejected() -> None:
    with pytest.raises(ValidationError, match="MONGO_MIN_POOL_SIZE"):
        Settings(_env_file=None, MONGO_MIN_POOL_SIZE=10, MONGO_MAX_POOL_SIZE=5)


def test_unknown_environment_is_rejected() -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, ENVIRONMENT="qa")


def test_get_settings_reads_env_development_only_for_development(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env_file = tmp_path / ".env.development"
    env_file.write_text("MONGO_SERVER_SELECTION_TIMEOUT_MS=3000\n", encoding="utf-8")
    monkeypatch.setattr(config, "DEVELOPMENT_ENV_FILE", env_file)
    monkeypatch.delenv("MONGO_SERVER_SELECTION_TIMEOUT_MS", raising=False)
    monkeypatch.setenv("ENVIRONMENT", "development")
    config.get_settings.cache_clear()
    try:
        development = config.get_settings()
        config.get_settings.cache_clear()
        monkeypatch.setenv("ENVIRONMENT", "test")
        test = config.get_settings()
    finally:
        config.get_settings.cache_clear()

    assert development.ENVIRONMENT is Environment.DEVELOPMENT
    assert (
        development.MONGO_SERVER_SELECTION_TIMEOUT_MS == 3000
    )  # from .env.development
    assert test.ENVIRONMENT is Environment.TEST
    assert test.MONGO_SERVER_SELECTION_TIMEOUT_MS == 5000  # default, file not read


def test_invalid_settings_are_described_by_field_without_their_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ValidationError) as invalid:
        Settings(_env_file=None, LOG_LEVEL="info", MONGO_MAX_POOL_SIZE="hunter2")
    monkeypatch.setenv("FEATURE_FLAGS", '{"hunter2"')
    with pytest.raises(SettingsError) as unparsable:
        Settings(_env_file=None)

    described = config.describe_invalid_settings(invalid.value)
    assert described.startswith("invalid settings: LOG_LEVEL: String should match")
    assert "; MONGO_MAX_POOL_SIZE: Input should be a valid integer" in described
    assert "FEATURE_FLAGS" in config.describe_invalid_settings(unparsable.value)
    assert "hunter2" not in described + str(unparsable.value)
