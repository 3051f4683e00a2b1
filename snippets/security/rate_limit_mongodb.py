"""A rate limit whose counters live in MongoDB, shared by every instance.

``limits`` keeps one counter per client and window in the service's own
database, so ten Cloud Run instances still allow only 3 logins a minute.
Run it: ``MONGO_URI=mongodb://localhost:27017 python rate_limit_mongodb.py``
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid

from limits import parse
from limits.aio.storage import MongoDBStorage
from limits.aio.strategies import FixedWindowRateLimiter
from pymongo.errors import PyMongoError

LOGIN_LIMIT = parse("3/minute")


async def main() -> None:
    """Five login attempts from one client: the fourth and fifth are refused."""
    uri = os.environ.get("MONGO_URI")
    if not uri:
        sys.exit("MONGO_URI is not set: export MONGO_URI=mongodb://localhost:27017")
    database = os.environ.get("DATABASE_NAME", "acacia-analytics-dev")
    # --8<-- [start:shared_counter]
    storage = MongoDBStorage(
        f"async+{uri}", database_name=database, serverSelectionTimeoutMS=3_000
    )
    limiter = FixedWindowRateLimiter(storage)
    # --8<-- [end:shared_counter]
    client_key = f"login:{uuid.uuid4()}"  # in a service: the client's address
    try:
        for attempt in range(1, 6):
            allowed = await limiter.hit(LOGIN_LIMIT, client_key)
            print(f"attempt {attempt}: {'allowed' if allowed else 'refused (429)'}")
    finally:
        await limiter.clear(LOGIN_LIMIT, client_key)
        storage.storage.close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except PyMongoError as error:  # one line, not a traceback
        sys.exit(f"MongoDB did not answer at MONGO_URI: {type(error).__name__}")
