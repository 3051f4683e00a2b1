"""A health endpoint whose database ping can never hang the request.

200 when MongoDB answers within a second, 503 otherwise. Run it:
``MONGO_URI=mongodb://localhost:27017 python health_endpoint.py``, then open
http://127.0.0.1:8000/health (``PORT`` changes the port).
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

import uvicorn
from fastapi import FastAPI, Response
from motor.motor_asyncio import AsyncIOMotorClient
from pymongo.errors import PyMongoError

PING_TIMEOUT_SECONDS = 1.0


def create_app(mongo_uri: str) -> FastAPI:
    """An app with only a health check; the client connects on first ping."""
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(
        mongo_uri, serverSelectionTimeoutMS=int(PING_TIMEOUT_SECONDS * 1000)
    )
    app = FastAPI(title="Acacia health snippet")

    @app.get("/health")
    async def health(response: Response) -> dict[str, str]:
        try:
            await asyncio.wait_for(
                client.admin.command("ping"), timeout=PING_TIMEOUT_SECONDS
            )
        except (TimeoutError, PyMongoError):
            response.status_code = 503
            return {"status": "unavailable", "database": "unreachable"}
        return {"status": "ok", "database": "reachable"}

    return app


if __name__ == "__main__":
    uri = os.environ.get("MONGO_URI")
    if not uri:
        sys.exit("MONGO_URI is not set: export MONGO_URI=mongodb://localhost:27017")
    port = int(os.environ.get("PORT", "8000"))
    uvicorn.run(create_app(uri), host="127.0.0.1", port=port)
