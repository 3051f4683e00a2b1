"""FastAPI dependencies shared by endpoints."""

from __future__ import annotations

from typing import Annotated, Any, cast

from fastapi import Depends, Path, Query, Request
from fastapi.security import OAuth2PasswordBearer
from fastapi.security.base import SecurityBase

from app.core.config import Settings
from app.core.database import MongoDatabase
from app.core.errors import (
    AuthenticationError,
    PermissionDeniedError,
    UserNotFoundError,
)
from app.core.security import decode_access_token
from app.models.user import UserDocument
from app.schemas.common import MAX_OFFSET, MAX_PAGE_SIZE, PaginationParams
from app.services import user_service
from app.services.rate_limiter import RateLimiter
from app.utils.helpers import client_ip


# --8<-- [start:get_database]
async def get_database(request: Request) -> MongoDatabase:
    """Return the database opened by the lifespan (see ``app.main``).

    ``async def`` although it awaits nothing: FastAPI runs a plain ``def``
    dependency in its thread pool, a thread hop per request for no work.
    Tests swap it with ``app.dependency_overrides[get_database]``.
    """
    return cast(MongoDatabase, request.app.state.database)


Database = Annotated[MongoDatabase, Depends(get_database)]
"""Inject with ``database: Database`` in an endpoint signature."""
# --8<-- [end:get_database]


async def get_app_settings(request: Request) -> Settings:
    """Return the settings the app was built with."""
    return cast(Settings, request.app.state.settings)


AppSettings = Annotated[Settings, Depends(get_app_settings)]
"""Inject with ``settings: AppSettings``."""


async def get_pagination(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size.")] = 20,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")
    ] = 0,
) -> PaginationParams:
    """Validate ``limit`` (1..100, default 20) and ``offset`` (0..10 000)."""
    return PaginationParams(limit=limit, offset=offset)


Pagination = Annotated[PaginationParams, Depends(get_pagination)]
"""Inject with ``page: Pagination``."""

UserId = Annotated[
    str, Path(min_length=1, max_length=64, description="Public user id.")
]
"""The ``{user_id}`` path parameter of users and their orders."""

Responses = dict[int | str, dict[str, Any]]


# --8<-- [start:current_user]
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
"""Reads ``Authorization: Bearer <token>`` for :data:`get_current_user`, whose
OpenAPI security scheme is this one's password flow."""


class BearerCaller(SecurityBase):
    """The caller a bearer token names: a security scheme FastAPI documents.

    It wraps ``scheme`` instead of declaring it as a dependency: FastAPI
    documents it in OpenAPI the same way, and resolves it with no dependency
    of its own, once fewer on every use (see ``docs/sop/07-performance.md``).
    """

    def __init__(self, scheme: OAuth2PasswordBearer) -> None:
        """Read the token with ``scheme``; document its flow under its name."""
        self.scheme = scheme
        self.model = scheme.model
        self.scheme_name = scheme.scheme_name

    async def __call__(self, request: Request) -> UserDocument:
        """Return the user a valid access token names.

        The role comes from the database, not from the token, so a changed
        role or a deleted user takes effect on the next request. The
        database and settings come from :func:`get_database` and
        :func:`get_app_settings`, called here, not declared: every protected
        route resolves this dependency up to three times, and FastAPI walks a
        dependency's own dependencies on every use, even when its result is
        cached.

        Raises:
            AuthenticationError: No token, an invalid or expired one, or a
                token whose user no longer exists (401 with
                ``WWW-Authenticate: Bearer``).
        """
        token = await self.scheme(request)
        if token is None:
            raise AuthenticationError(
                "Not authenticated: send 'Authorization: Bearer <token>' "
                "(POST /api/v1/auth/token gives one)."
            )
        claims = decode_access_token(token, await get_app_settings(request))
        try:
            return await user_service.get_user(
                await get_database(request), claims.subject
            )
        except UserNotFoundError as error:
            raise AuthenticationError(
                "The access token's user no longer exists."
            ) from error


get_current_user = BearerCaller(oauth2_scheme)
"""The authenticated caller; tests swap it in ``app.dependency_overrides``."""


CurrentUser = Annotated[UserDocument, Depends(get_current_user)]
"""Inject with ``user: CurrentUser``: the authenticated caller."""


async def require_admin(user: CurrentUser) -> UserDocument:
    """Return the caller when it is an admin.

    Raises:
        PermissionDeniedError: The caller is not an admin (403).
    """
    if user.role != "admin":
        raise PermissionDeniedError("Only an admin may do this.")
    return user


AdminUser = Annotated[UserDocument, Depends(require_admin)]
"""Inject with ``admin: AdminUser``: an authenticated admin."""


def ensure_self_or_admin(user: UserDocument, user_id: str) -> None:
    """Let a user act on itself and an admin on anyone.

    Raises:
        PermissionDeniedError: A non-admin acting on another user (403).
    """
    if user.role != "admin" and user.id != user_id:
        raise PermissionDeniedError("You may only access your own user.")


# --8<-- [end:current_user]


# --8<-- [start:rate_limit_dependency]
def client_address(request: Request, settings: Settings) -> str:
    """The address to count a request against (see :func:`client_ip`).

    The forwarded address counts only with ``RATE_LIMIT_TRUST_FORWARDED_FOR``.
    """
    return client_ip(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for", ""),
        trust_forwarded_for=settings.RATE_LIMIT_TRUST_FORWARDED_FOR,
    )


def get_rate_limiter(request: Request) -> RateLimiter:
    """Return the limiter the lifespan created (counters in MongoDB)."""
    return cast(RateLimiter, request.app.state.rate_limiter)


async def limit_token_requests(request: Request, settings: AppSettings) -> None:
    """Apply ``RATE_LIMIT_TOKEN`` per client address to the token endpoint."""
    if settings.RATE_LIMIT_ENABLED:
        await get_rate_limiter(request).hit(
            "auth-token", settings.RATE_LIMIT_TOKEN, client_address(request, settings)
        )


async def limit_user_creation(
    request: Request, settings: AppSettings, admin: AdminUser
) -> None:
    """Apply ``RATE_LIMIT_USER_CREATE`` per admin to ``POST /api/v1/users``."""
    if settings.RATE_LIMIT_ENABLED:
        await get_rate_limiter(request).hit(
            "user-create", settings.RATE_LIMIT_USER_CREATE, admin.id
        )


# --8<-- [end:rate_limit_dependency]
