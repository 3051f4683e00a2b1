"""JSON bodies parsed strictly: a key given twice is a 400, not last-wins."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` building a dict, refusing a repeated key.

    Raises:
        HTTPException: 400 naming the repeated key.
    """
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise HTTPException(400, f"The JSON body has the key {key!r} twice.")
        result[key] = value
    return result


class StrictJsonRequest(Request):
    """A request whose ``json()`` refuses duplicate keys."""

    async def json(self) -> Any:
        """Parse the body once, refusing duplicate keys (cached like Starlette's)."""
        if not hasattr(self, "_json"):
            self._json = json.loads(
                await self.body(), object_pairs_hook=_refuse_duplicate_keys
            )
        return self._json


class StrictJsonRoute(APIRoute):
    """Route class of every endpoint router: bodies parse with duplicates refused."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler so it receives a :class:`StrictJsonRequest`."""
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict_handler
