"""Settings from the environment with pydantic-settings, one database per environment.

``ENVIRONMENT`` picks the kebab-case database; ``MONGO_URI`` is a secret that
never appears in code or in ``repr()``. Run it: ``python settings_per_environment.py``
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import SecretStr, computed_field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

KEBAB_CASE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Environment(StrEnum):
    """Where the service runs."""

    DEVELOPMENT = "development"
    TEST = "test"
    STAGING = "staging"
    PRODUCTION = "production"


DATABASE_NAMES = {
    Environment.DEVELOPMENT: "acacia-analytics-dev",
    Environment.TEST: "acacia-analytics-test",
    Environment.STAGING: "acacia-analytics-staging",
    Environment.PRODUCTION: "acacia-analytics-prod",
}


class Settings(BaseSettings):
    """Read from environment variables (and a ``.env`` file when present)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    ENVIRONMENT: Environment = Environment.DEVELOPMENT
    MONGO_URI: SecretStr = SecretStr("mongodb://localhost:27017")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def database_name(self) -> str:
        """The environment's own database: never another environment's."""
        return DATABASE_NAMES[self.ENVIRONMENT]

    @field_validator("ENVIRONMENT")
    @classmethod
    def _kebab_case_database(cls, value: Environment) -> Environment:
        if not KEBAB_CASE.fullmatch(DATABASE_NAMES[value]):
            raise ValueError(f"database name of {value.value} is not kebab-case")
        return value


if __name__ == "__main__":
    for environment in Environment:
        settings = Settings(ENVIRONMENT=environment)
        print(f"{environment.value:<11} -> {settings.database_name}")
    print(f"MONGO_URI is shown as {Settings().MONGO_URI!r}")
