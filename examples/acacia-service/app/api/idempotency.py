"""``Idempotency-Key`` on every POST of the protected routers.

:func:`idempotency_claim`, one of the protected routers' ``PROTECTIONS``,
claims the key (or raises :class:`IdempotentReplay` with the stored answer,
409 or 422); :class:`IdempotencyMiddleware` sends a replay, stores the answer
of a claimed request once it is sent, or ends the claim's lease when the
request failed, so a failure is never replayed. The storage rules are in
:mod:`app.services.idempotency`.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from pymongo.errors import PyMongoError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.dependencies import get_current_user, get_database
from app.core.database import MongoDatabase, describe_db_error
from app.models.common import new_public_id
from app.services import idempotency
from app.services.idempotency import Claim, StoredResponse

logger = logging.getLogger(__name__)

# --8<-- [start:header]
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_PATTERN = "^[!-~]{1,255}$"
"""1 to 255 visible ASCII characters; a UUID4 per request is the usual key."""
STORED_HEADERS = ("content-type", "location")
"""The headers of an answer that are stored and replayed with its body."""

PARAMETER: dict[str, Any] = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": KEY_PATTERN, "maxLength": 255},
    "description": (
        "Makes the POST safe to retry: the same key with the same body "
        f"replays the first answer (with `{REPLAYED_HEADER}: true`), with "
        "another body it is a 422; while the first request runs, a 409. "
        "After a 503, retry with the same key after Retry-After. Keys are "
        'kept 24 hours, per caller. A quoted key (`"..."`) is read unquoted.'
    ),
}
"""The OpenAPI parameter of every POST of the protected routers."""


def _key(value: str) -> str:
    """The key a header value names (a structured-field string is unquoted).

    Raises:
        RequestValidationError: Not 1 to 255 visible ASCII characters (422).
    """
    if not re.fullmatch(KEY_PATTERN, value):
        raise RequestValidationError(
            [
                {
                    "loc": ("header", HEADER),
                    "msg": "must be 1 to 255 visible ASCII characters",
                    "type": "string_pattern_mismatch",
                }
            ]
        )
    if len(value) > 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


# --8<-- [end:header]
_CLAIM = "idempotency_claim"


class IdempotentReplay(Exception):  # noqa: N818 - not an error: an early answer
    """Raised by the dependency to answer with the stored response.

    No exception handler knows it, so it reaches :class:`IdempotencyMiddleware`.
    """

    def __init__(self, response: StoredResponse) -> None:
        """Carry the stored answer to the middleware."""
        super().__init__("idempotent replay")
        self.response = response


async def _fingerprint(request: Request) -> str:
    """SHA-256 of the method, path, query and body: what "the same request" means."""
    digest = hashlib.sha256()
    for part in (request.method, request.url.path, request.url.query):
        digest.update(part.encode() + b"\0")
    digest.update(await request.body())
    return digest.hexdigest()


# --8<-- [start:dependency]
async def idempotency_claim(request: Request) -> Claim | None:
    """Claim the POST's ``Idempotency-Key`` for the caller; None without a key.

    Every protected request resolves this dependency, so it asks for the
    database and the caller only when there is a key to claim: declaring
    ``CurrentUser`` would cost every request a resolution (about 10 µs),
    where calling :func:`get_current_user` costs a keyed POST one more
    read. That call is not overridable: a test posting with a key sends a
    real token.

    Raises:
        IdempotentReplay: The key already has an answer: it is sent again.
        IdempotencyKeyReusedError: The key came with another request (422).
        IdempotencyKeyInUseError: The first request still runs (409).
    """
    value = request.headers.get(HEADER)
    if request.method != "POST" or value is None:
        return None
    caller = await get_current_user(request)
    outcome = await idempotency.begin(
        await get_database(request),
        caller=caller.id,
        key=_key(value),
        fingerprint=await _fingerprint(request),
    )
    if isinstance(outcome, StoredResponse):
        raise IdempotentReplay(outcome)
    setattr(request.state, _CLAIM, outcome)
    return outcome


async def new_resource_id(
    claim: Annotated[Claim | None, Depends(idempotency_claim)],
) -> str:
    """The id of the resource a POST creates: the same on every keyed retry."""
    return claim.resource_id if claim else new_public_id()


NewResourceId = Annotated[str, Depends(new_resource_id)]
"""Inject with ``resource_id: NewResourceId`` in a create endpoint and store
the resource under it: a retry then finds it instead of creating another."""
# --8<-- [end:dependency]


def _replay(stored: StoredResponse) -> Response:
    """The stored answer, sent again and marked as a replay."""
    return Response(
        stored.body,
        status_code=stored.status_code,
        headers={**stored.headers, REPLAYED_HEADER: "true"},
    )


class IdempotencyMiddleware:
    """Replays a stored answer; stores the answer of a request that claimed a key.

    Only a success (2xx) is stored; any other outcome ends the claim's lease
    so the retry runs again. A database error here is logged, not raised:
    the answer has left, and the lease ends on its own.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, keeping a copy of the answer of a POST."""
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        status_code = 0
        headers: dict[str, str] = {}
        body: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                for name, value in message.get("headers", []):
                    if name.decode("latin-1").lower() in STORED_HEADERS:
                        headers[name.decode("latin-1")] = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, keep)
        except IdempotentReplay as replay:
            await _replay(replay.response)(scope, receive, send)
        finally:
            claim = state.get(_CLAIM)
            if isinstance(claim, Claim):
                answer = StoredResponse(status_code, b"".join(body), headers)
                await _finish(scope["app"].state.database, claim, answer)


async def _finish(
    database: MongoDatabase, claim: Claim, answer: StoredResponse
) -> None:
    """Store a success, or end the lease of anything else; never raise."""
    try:
        if 200 <= answer.status_code < 300:
            await idempotency.complete(database, claim, answer)
        else:
            await idempotency.release(database, claim)
    except PyMongoError as error:
        logger.warning(
            "idempotency key left to its lease: %s", describe_db_error(error)
        )


def install_idempotency(app: FastAPI) -> None:
    """Add the middleware, innermost: its replays pass CORS and the request id."""
    app.add_middleware(IdempotencyMiddleware)
