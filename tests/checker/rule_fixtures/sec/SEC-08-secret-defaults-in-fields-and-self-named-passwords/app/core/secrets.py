"""More settings."""

from enum import Enum

from pydantic import Field
from pydantic_settings import BaseSettings


class SecretSettings(BaseSettings):
    """Secrets with defaults."""

    SECRET_KEY: str = Field(default="9b1c7e2f4a")  # expect: SEC-08, STR-02
    password: str = "password"  # expect: SEC-08, STR-02


class Kind(str, Enum):
    """A member named for a password is not one."""

    password = "password"
