"""Settings from the environment."""

from pydantic import Field
from pydantic_settings import BaseSettings

DATABASE_NAME = "items-dev"


class Settings(BaseSettings):
    """Configuration."""

    ENVIRONMENT: str = "development"
    MONGO_URI: str = "mongodb://localhost:27017/"
    ALLOWED_ORIGINS: list[str] = Field(default=["*"])  # expect: SEC-06
