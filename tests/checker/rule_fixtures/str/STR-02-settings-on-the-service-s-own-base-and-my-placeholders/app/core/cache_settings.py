"""Settings built on the service's own base class."""

from pydantic_settings import BaseSettings


class BaseConfig(BaseSettings):
    """The service's base."""


class CacheConfig(BaseConfig):
    """Where the cache is."""

    REDIS_HOST: str = "localhost"  # expect: STR-02 "setting REDIS_HOST is not in .env.example"
