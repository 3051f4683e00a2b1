"""Application settings loaded from the environment with pydantic-settings.

Every field of :class:`Settings` must be documented in ``.env.example``;
``tests/test_config.py`` fails when the two diverge.
"""

from __future__ import annotations

import os
import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

SERVICE_ROOT = Path(__file__).resolve().parents[2]
"""Folder holding ``app/``, ``migrations/`` and the ``.env.*`` files."""
DEVELOPMENT_ENV_FILE = SERVICE_ROOT / ".env.development"

_SUFFIX_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Environment(StrEnum):
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


MIN_SECRET_KEY_LENGTH = 32
"""Shortest ``SECRET_KEY`` accepted in staging and production (256 bits of HS256)."""

MIN_DEPLOYED_HASH_MEMORY_KIB = 19_456
MIN_DEPLOYED_HASH_ITERATIONS = 2
"""Weakest Argon2id staging and production accept (OWASP: 19 MiB, 2 passes)."""

KNOWN_DEFAULT_SECRET_KEYS = frozenset(
    {
        "change-me",
        "changeme",
        "secret",
        "development-only-secret-key-do-not-use-in-production",
        "test-only-secret-key-do-not-use-in-production-0000",
    }
)
"""Keys in this repository or in tutorials: never valid in staging or production."""

CommaList = Annotated[list[str], NoDecode]
"""A list read from a comma-separated environment variable."""


# --8<-- [start:feature_flag_settings]
class FeatureFlagConfig(BaseModel):
    """One feature flag: who is in (``rollout_percent``) and what they see."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rollout_percent: Annotated[float, Field(ge=0, le=100)] = 0
    variants: Annotated[list[str], Field(min_length=1, max_length=10)] = ["on"]


# --8<-- [end:feature_flag_settings]


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
    MONGO_DRIVER: Literal["motor", "pymongo"] = "motor"
    DATABASE_NAME_SUFFIX: str = ""
    MONGO_MAX_POOL_SIZE: Annotated[int, Field(ge=1, le=500)] = 50
    MONGO_MIN_POOL_SIZE: Annotated[int, Field(ge=0, le=500)] = 0
    MONGO_SERVER_SELECTION_TIMEOUT_MS: Annotated[int, Field(ge=1)] = 5_000
    MONGO_CONNECT_TIMEOUT_MS: Annotated[int, Field(ge=1)] = 5_000
    MONGO_SOCKET_TIMEOUT_MS: Annotated[int, Field(ge=1)] = 10_000
    MONGO_TIMEOUT_MS: Annotated[int, Field(ge=1, le=120_000)] = 2_000
    MONGO_WRITE_CONCERN_W: Annotated[str, Field(pattern=r"^(majority|[1-9])$")] = (
        "majority"
    )

    HEALTH_CHECK_TIMEOUT_SECONDS: Annotated[float, Field(gt=0, le=30)] = 2.0
    ENABLE_DOCS: bool = True
    MAX_REQUEST_BODY_BYTES: Annotated[int, Field(ge=1024, le=104_857_600)] = 1_048_576
    MAX_REQUEST_HEADER_BYTES: Annotated[int, Field(ge=1024, le=1_000_000)] = 32_768

    SECRET_KEY: SecretStr = SecretStr("")
    JWT_ALGORITHM: Literal["HS256", "HS384", "HS512"] = "HS256"
    JWT_ISSUER: str = "acacia-analytics-api"
    JWT_AUDIENCE: str = "acacia-analytics"
    ACCESS_TOKEN_EXPIRE_MINUTES: Annotated[int, Field(ge=1, le=1440)] = 30
    PASSWORD_HASH_CONCURRENCY: Annotated[int, Field(ge=1, le=32)] = 2
    PASSWORD_HASH_MEMORY_KIB: Annotated[int, Field(ge=32, le=1_048_576)] = 65_536
    PASSWORD_HASH_ITERATIONS: Annotated[int, Field(ge=1, le=20)] = 3
    FIRST_ADMIN_EMAIL: str = ""
    FIRST_ADMIN_PASSWORD: SecretStr = SecretStr("")

    CORS_ALLOW_ORIGINS: CommaList = []
    CORS_ALLOW_METHODS: CommaList = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    CORS_ALLOW_HEADERS: CommaList = [
        "Authorization",
        "Content-Type",
        "X-Request-ID",
        "Idempotency-Key",
    ]
    CORS_ALLOW_CREDENTIALS: bool = False

    RATE_LIMIT_ENABLED: bool = True
    RATE_LIMIT_TOKEN: str = "10/minute"  # noqa: S105 - a rate, not a secret
    LOGIN_FREE_FAILURES: Annotated[int, Field(ge=1, le=100)] = 5
    LOGIN_BACKOFF_BASE_SECONDS: Annotated[float, Field(gt=0, le=3600)] = 1.0
    LOGIN_BACKOFF_MAX_SECONDS: Annotated[float, Field(gt=0, le=86_400)] = 900.0
    RATE_LIMIT_USER_CREATE: str = "30/minute"
    RATE_LIMIT_TRUST_FORWARDED_FOR: bool = False

    GCP_PROJECT_ID: str = ""
    SECRET_VERSION: str = "latest"  # noqa: S105 - a version label

    FEATURE_FLAGS: dict[str, FeatureFlagConfig] = {}

    @property
    def database_name(self) -> str:
        """Database for this environment (``DATABASE_NAMES``), plus any suffix."""
        base = DATABASE_NAMES[self.ENVIRONMENT]
        return (
            f"{base}-{self.DATABASE_NAME_SUFFIX}" if self.DATABASE_NAME_SUFFIX else base
        )

    @property
    def write_concern_w(self) -> int | str:
        """``w`` of every write: ``"majority"`` or a number of members."""
        w = self.MONGO_WRITE_CONCERN_W
        return int(w) if w.isdigit() else w

    @property
    def docs_enabled(self) -> bool:
        """``/docs``, ``/redoc`` and ``/openapi.json``: never in production."""
        return self.ENABLE_DOCS and self.ENVIRONMENT is not Environment.PRODUCTION

    @field_validator(
        "CORS_ALLOW_ORIGINS", "CORS_ALLOW_METHODS", "CORS_ALLOW_HEADERS", mode="before"
    )
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("RATE_LIMIT_TOKEN", "RATE_LIMIT_USER_CREATE")
    @classmethod
    def _valid_rate_limit(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError as error:
            raise ValueError("not a rate limit such as '10/minute'") from error
        return value

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


class StartupRefusedError(RuntimeError):
    """The configuration is unsafe for this environment; the service must not start."""


def describe_invalid_settings(error: ValidationError | SettingsError) -> str:
    """One line naming each invalid setting and why, never its value.

    Values may be secrets (a ``MONGO_URI`` with a password), so only the
    field location and pydantic's message are kept.
    """
    if isinstance(error, SettingsError):  # e.g. FEATURE_FLAGS is not JSON
        return f"invalid settings: {error}"
    problems = [
        f"{'.'.join(str(part) for part in item['loc']) or 'Settings'}: {item['msg']}"
        for item in error.errors(include_input=False, include_url=False)
    ]
    return "invalid settings: " + "; ".join(problems)


# --8<-- [start:refuse_unsafe_production]
def check_production_safety(settings: Settings) -> None:
    """Refuse to start without a key, or a deployed service with a weak key.

    Every environment needs a ``SECRET_KEY`` (an empty one cannot sign or
    verify a token). Staging and production also refuse a short or known
    default key and a password hash cheaper than OWASP's Argon2id minimum;
    production refuses CORS open to every origin.

    Raises:
        StartupRefusedError: With one sentence naming the setting to fix.
    """
    key = settings.SECRET_KEY.get_secret_value()
    if not key:
        raise StartupRefusedError("SECRET_KEY is not set")
    if settings.ENVIRONMENT not in (Environment.STAGING, Environment.PRODUCTION):
        return
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise StartupRefusedError(
            f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters"
        )
    if key.lower() in KNOWN_DEFAULT_SECRET_KEYS:
        raise StartupRefusedError("SECRET_KEY is a known default value")
    if (
        settings.PASSWORD_HASH_MEMORY_KIB < MIN_DEPLOYED_HASH_MEMORY_KIB
        or settings.PASSWORD_HASH_ITERATIONS < MIN_DEPLOYED_HASH_ITERATIONS
    ):
        raise StartupRefusedError(
            "PASSWORD_HASH_MEMORY_KIB/PASSWORD_HASH_ITERATIONS are below "
            f"{MIN_DEPLOYED_HASH_MEMORY_KIB} KiB / {MIN_DEPLOYED_HASH_ITERATIONS}"
        )
    if settings.ENVIRONMENT is not Environment.PRODUCTION:
        return
    if "*" in settings.CORS_ALLOW_ORIGINS:
        raise StartupRefusedError("CORS_ALLOW_ORIGINS allows every origin ('*')")


# --8<-- [end:refuse_unsafe_production]


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
