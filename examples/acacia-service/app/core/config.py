"""Application settings loaded from the environment with pydantic-settings.

Every field of :class:`Settings` must be documented in ``.env.example``;
``tests/test_config.py`` fails when the two diverge.
"""

from __future__ import annotations

import os
import re
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICE_ROOT = Path(__file__).resolve().parents[2]
"""Folder holding ``app/``, ``migrations/`` and the ``.env.*`` files."""
DEVELOPMENT_ENV_FILE = SERVICE_ROOT / ".env.development"

_SUFFIX_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Environment(str, Enum):
    """Deployment environments the service knows about."""

    DEVELOPMENT = "development"
    TEST = "test"
    STAGING = "staging"
    PRODUCTION = "production"


# --8<-- [start:database_name]
DATABASE_NAMES: dict[Environment, str] = {
    Environment.DEVELOPMENT: "acacia-analytics-dev",
    Environment.TEST: "acacia-analytics-test",
    Environment.STAGING: "acacia-analytics-staging",
    Environment.PRODUCTION: "acacia-analytics-prod",
}
"""One kebab-case database per environment: a test run cannot touch prod data."""
# --8<-- [end:database_name]


# --8<-- [start:settings]
class Settings(BaseSettings):
    """Typed configuration, read from environment variables and ``.env`` files.

    Values come, highest priority first, from keyword arguments, the process
    environment, then ``.env.development`` (only when the environment is
    development, see :func:`get_settings`).
    """

    model_config = SettingsConfigDict(
        env_file=None,
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=True,
        frozen=True,
    )

    ENVIRONMENT: Environment = Environment.DEVELOPMENT
    LOG_LEVEL: Annotated[str, Field(pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")] = "INFO"

    MONGO_URI: str = "mongodb://127.0.0.1:27018/"
    DATABASE_NAME_SUFFIX: str = ""
    MONGO_MAX_POOL_SIZE: Annotated[int, Field(ge=1, le=500)] = 50
    MONGO_MIN_POOL_SIZE: Annotated[int, Field(ge=0, le=500)] = 0
    MONGO_SERVER_SELECTION_TIMEOUT_MS: Annotated[int, Field(ge=1)] = 5_000
    MONGO_CONNECT_TIMEOUT_MS: Annotated[int, Field(ge=1)] = 5_000
    MONGO_SOCKET_TIMEOUT_MS: Annotated[int, Field(ge=1)] = 10_000

    HEALTH_CHECK_TIMEOUT_SECONDS: Annotated[float, Field(gt=0, le=30)] = 2.0
    ENABLE_DOCS: bool = True

    @property
    def database_name(self) -> str:
        """Database for this environment, e.g. ``acacia-analytics-test``."""
        base = DATABASE_NAMES[self.ENVIRONMENT]
        return (
            f"{base}-{self.DATABASE_NAME_SUFFIX}" if self.DATABASE_NAME_SUFFIX else base
        )

    @model_validator(mode="after")
    def _check_consistency(self) -> Settings:
        if self.MONGO_MIN_POOL_SIZE > self.MONGO_MAX_POOL_SIZE:
            raise ValueError("MONGO_MIN_POOL_SIZE must not exceed MONGO_MAX_POOL_SIZE")
        if self.DATABASE_NAME_SUFFIX:
            if self.ENVIRONMENT is not Environment.TEST:
                raise ValueError(
                    "DATABASE_NAME_SUFFIX is only allowed when ENVIRONMENT=test"
                )
            if not _SUFFIX_PATTERN.fullmatch(self.DATABASE_NAME_SUFFIX):
                raise ValueError("DATABASE_NAME_SUFFIX must be kebab-case")
        return self


# --8<-- [end:settings]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once.

    ``.env.development`` is read only for local runs (``ENVIRONMENT`` unset or
    ``development``), so a test or production process never picks it up.
    """
    environment = os.environ.get("ENVIRONMENT", Environment.DEVELOPMENT.value)
    if environment == Environment.DEVELOPMENT.value:
        return Settings(_env_file=DEVELOPMENT_ENV_FILE)
    return Settings()
