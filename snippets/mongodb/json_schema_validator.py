"""A ``$jsonSchema`` validator: the database itself refuses a malformed document.

Pydantic checks what the API receives; the validator also stops scripts and
other services from writing bad data. Run it:
``MONGO_URI=mongodb://localhost:27017 python json_schema_validator.py``
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import CollectionInvalid, PyMongoError, WriteError

ORDER_SCHEMA: dict[str, Any] = {
    "bsonType": "object",
    "required": ["user_id", "total_cents", "status"],
    "properties": {
        "user_id": {"bsonType": "string"},
        "total_cents": {"bsonType": "int", "minimum": 0},
        "status": {"enum": ["pending", "paid", "cancelled"]},
    },
}


async def apply_validator(database: AsyncDatabase[dict[str, Any]]) -> None:
    """Create ``orders`` with the validator, or update the existing one."""
    validator = {"$jsonSchema": ORDER_SCHEMA}
    try:
        await database.create_collection("orders", validator=validator)
    except CollectionInvalid:  # exists already: replace its validator
        await database.command("collMod", "orders", validator=validator)


async def main() -> None:
    uri = os.environ.get("MONGO_URI")
    if not uri:
        sys.exit("MONGO_URI is not set: export MONGO_URI=mongodb://localhost:27017")
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        uri, serverSelectionTimeoutMS=3_000
    )
    database = client[os.environ.get("DATABASE_NAME", "acacia-analytics-dev")]
    try:
        await apply_validator(database)
        good = {"user_id": "u-1", "total_cents": 1250, "status": "paid"}
        await database.orders.insert_one(good)
        print("accepted: a paid order of 1250 cents")
        try:
            await database.orders.insert_one({**good, "total_cents": "12.50"})
        except WriteError as error:
            reason = (error.details or {}).get("errmsg")
            print(f"refused: {reason} (code {error.code})")
    finally:
        await client.close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except PyMongoError as error:  # one line, not a traceback
        sys.exit(f"MongoDB did not answer at MONGO_URI: {type(error).__name__}")
