"""The shop's database, named by a setting's default."""

from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorDatabase
from pydantic_settings import BaseSettings


class ShopSettings(BaseSettings):
    """Which database."""

    shop: str = "shop_db"  # expect: STR-02


def shop_database(
    client: AsyncIOMotorClient[dict[str, Any]], settings: ShopSettings
) -> AsyncIOMotorDatabase[dict[str, Any]]:
    """The shop's database."""
    return client[settings.shop]  # expect: STY-05 "database name 'shop_db' is not kebab-case"
