"""JSON bodies parsed strictly: a key given twice is a 400, not last-wins."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
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


def _is_json(content_type: str) -> bool:
    """Whether FastAPI reads a body of ``content_type`` as JSON."""
    media_type = content_type.partition(";")[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


# --8<-- [start:strict_json]
async def refuse_duplicate_keys(request: Request) -> None:
    """One of ``PROTECTIONS``: every protected route refuses repeated keys.

    FastAPI's own parse keeps the last of two equal keys, so the body is
    parsed again (from Starlette's cache) with the keys checked. A malformed
    body is left to FastAPI, which answers it with its own error.

    Raises:
        HTTPException: 400 naming the repeated key.
    """
    if not _is_json(request.headers.get("content-type", "")):
        return
    body = await request.body()
    if not body:
        return
    try:
        json.loads(body, object_pairs_hook=_refuse_duplicate_keys)
    except ValueError:  # malformed JSON: FastAPI's 422 says where
        return


# --8<-- [end:strict_json]
