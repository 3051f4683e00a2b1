"""Token settings read from the environment, with defaults."""

import os
from os import getenv

from pydantic import SecretStr
from pydantic_settings import BaseSettings

SECRET_KEY = os.getenv("SECRET_KEY", "s3cr3t-dev-9f2a")  # expect: SEC-08
SIGNING = os.environ.get("JWT_SECRET", "a8f5f167f44f")  # expect: SEC-08
API = getenv("SERVICE_API_KEY", default="k-4c1d9e77")  # expect: SEC-08
ALGORITHM = os.getenv("ALGORITHM", "HS256")
PLACEHOLDER_KEY = os.getenv("PLACEHOLDER_SECRET", "change-me")
EMPTY_KEY = os.environ.get("EMPTY_PASSWORD", "")


class TokenSettings(BaseSettings):
    """Settings whose defaults are secrets."""

    JWT_SECRET: SecretStr = SecretStr("f00dfeed1234")  # expect: SEC-08
    REFRESH_SECRET: str = os.getenv("REFRESH_SECRET", "r3fr3sh-77")  # expect: SEC-08


def is_access_token(claims: dict[str, str]) -> bool:
    """A comparison with a label is not a secret."""
    return claims["token_use"] == "access" and claims.get("token") != "refresh"


def is_bearer(token_type: str) -> bool:
    """Neither is this one."""
    return token_type != "bearer"
