"""An app factory whose lifespan opens the MongoDB client and closes it.

Run it: ``MONGO_URI=mongodb://localhost:27017 python app_factory.py``, then
open http://127.0.0.1:8000/health (``PORT`` changes the port).
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from motor.motor_asyncio import AsyncIOMotorClient


# --8<-- [start:lifespan]
@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """One client for the whole process: opened at start-up, closed at shutdown."""
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(
        app.state.mongo_uri, maxPoolSize=20, serverSelectionTimeoutMS=3_000
    )
    app.state.database = client[app.state.database_name]
    try:
        yield
    finally:
        client.close()


# --8<-- [end:lifespan]


# --8<-- [start:factory]
def create_app(mongo_uri: str, database_name: str = "acacia-analytics-dev") -> FastAPI:
    """Build the app; tests call it with their own database name."""
    app = FastAPI(title="Acacia snippet", lifespan=lifespan)
    app.state.mongo_uri = mongo_uri
    app.state.database_name = database_name

    @app.get("/health")
    async def health(request: Request) -> dict[str, str]:
        await request.app.state.database.command("ping")
        return {"status": "ok", "database": request.app.state.database.name}

    return app


# --8<-- [end:factory]


if __name__ == "__main__":
    uri = os.environ.get("MONGO_URI")
    if not uri:
        sys.exit("MONGO_URI is not set: export MONGO_URI=mongodb://localhost:27017")
    port = int(os.environ.get("PORT", "8000"))
    uvicorn.run(create_app(uri), host="127.0.0.1", port=port)
