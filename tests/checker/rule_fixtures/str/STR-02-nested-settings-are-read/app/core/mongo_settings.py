"""Settings nested with a delimiter."""

from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict


class Mongo(BaseModel):
    """Where MongoDB is."""

    uri: str = ""


class NestedSettings(BaseSettings):
    """MONGO__URI sets mongo.uri."""

    model_config = SettingsConfigDict(env_nested_delimiter="__")

    mongo: Mongo = Mongo()
