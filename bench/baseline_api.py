"""A bare FastAPI app doing the reference service's database work, nothing more.

``make bench-api`` serves it next to the service: same interpreter, same
uvicorn, same driver (``MONGO_DRIVER``), same database and queries, but no
settings, auth, logging, correlation ids, problem details or response
models. What the service costs above it is the price of the SOP's layers.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException
from motor.motor_asyncio import AsyncIOMotorClient
from pymongo import AsyncMongoClient

MONGO_URI = os.environ["MONGO_URI"]
DATABASE = os.environ["BASELINE_DATABASE"]
CALLER_ID = os.environ["BASELINE_CALLER_ID"]
"""The user the service's token names: the service looks it up on every call."""
DRIVER = os.environ.get("MONGO_DRIVER", "motor")
NO_ID = {"_id": False}


Client = AsyncMongoClient[dict[str, Any]] | AsyncIOMotorClient[dict[str, Any]]


def create_client(driver: str = DRIVER) -> Client:
    """A client of ``driver`` with the driver's defaults but aware datetimes."""
    if driver == "pymongo":
        return AsyncMongoClient[dict[str, Any]](MONGO_URI, tz_aware=True)
    return AsyncIOMotorClient[dict[str, Any]](MONGO_URI, tz_aware=True)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open one client of the chosen driver for the process."""
    client = create_client()
    app.state.database = client[DATABASE]
    yield
    if isinstance(client, AsyncMongoClient):
        await client.close()
    else:
        client.close()


app = FastAPI(lifespan=lifespan, openapi_url=None)


@app.get("/api/v1/health")
async def health() -> dict[str, str]:
    """Ping the database, as the service's health check does."""
    await app.state.database.command("ping")
    return {"status": "ok", "database": "reachable"}


@app.get("/api/v1/users/{user_id}")
async def get_user(user_id: str) -> dict[str, Any]:
    """Look up the caller, then the user: the service's two queries."""
    users = app.state.database["users"]
    if await users.find_one({"id": CALLER_ID}, NO_ID) is None:
        raise HTTPException(401)
    user = await users.find_one({"id": user_id}, NO_ID)
    if user is None:
        raise HTTPException(404)
    user.pop("password_hash", None)
    return dict(user)
