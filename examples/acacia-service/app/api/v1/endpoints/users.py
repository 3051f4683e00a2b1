"""``/api/v1/users``: user management (orders live in ``orders.py``).

Endpoints only translate HTTP to service calls; they never touch a
collection and never build error responses (see ``app.api.errors``).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Response, status

from app.api.dependencies import (
    AdminUser,
    AppSettings,
    CurrentUser,
    Database,
    Pagination,
    Responses,
    UserId,
    ensure_self_or_admin,
    limit_user_creation,
)
from app.api.errors import problem_doc
from app.core.errors import PermissionDeniedError
from app.models.user import UserDocument
from app.schemas.user import (
    CurrentUserResponse,
    UserCreate,
    UserListResponse,
    UserPatch,
    UserReplace,
    UserResponse,
)
from app.services import feature_flags, user_service

router = APIRouter(prefix="/users", tags=["users"])

CONFLICT: Responses = {409: problem_doc("Email already in use, or the last admin.")}
RATE_LIMITED: Responses = {429: problem_doc("Too many requests; see Retry-After.")}


def _ensure_role_change_allowed(user: UserDocument, new_role: str | None) -> None:
    """Only an admin changes roles; a user cannot promote itself."""
    if new_role is not None and new_role != user.role and user.role != "admin":
        raise PermissionDeniedError("Only an admin may change a role.")


@router.get("", response_model=UserListResponse)
async def list_users(
    database: Database, page: Pagination, admin: AdminUser
) -> UserListResponse:
    """List users, oldest first, ``limit`` (1..100) at a time (admin only)."""
    items, total = await user_service.list_users(
        database, limit=page.limit, offset=page.offset
    )
    return UserListResponse(
        items=[UserResponse.from_document(item) for item in items],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


# --8<-- [start:create_user_endpoint]
@router.post(
    "",
    response_model=UserResponse,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(limit_user_creation)],
    responses={**CONFLICT, **RATE_LIMITED},
)
async def create_user(
    database: Database, payload: UserCreate, admin: AdminUser
) -> UserResponse:
    """Create a user (admin only); 201 with the user, 409 when the email is taken."""
    user = await user_service.create_user(database, payload)
    return UserResponse.from_document(user)


# --8<-- [end:create_user_endpoint]


# --8<-- [start:me_endpoint]
@router.get("/me", response_model=CurrentUserResponse)
async def read_me(user: CurrentUser, settings: AppSettings) -> CurrentUserResponse:
    """Return the caller, with the variant of each feature flag it is in."""
    features = feature_flags.active_features(settings.FEATURE_FLAGS, user.id)
    return CurrentUserResponse(
        **UserResponse.from_document(user).model_dump(), features=features
    )


# --8<-- [end:me_endpoint]


@router.api_route("/me", methods=["PUT", "PATCH", "DELETE"], include_in_schema=False)
async def me_is_read_only() -> None:
    """``/me`` is not a user id: only ``GET`` is served there (405 otherwise)."""
    raise HTTPException(status.HTTP_405_METHOD_NOT_ALLOWED)


@router.get("/{user_id}", response_model=UserResponse)
async def get_user(
    database: Database, user_id: UserId, user: CurrentUser
) -> UserResponse:
    """Return one user (yourself, or anyone for an admin); 404 when unknown."""
    ensure_self_or_admin(user, user_id)
    return UserResponse.from_document(await user_service.get_user(database, user_id))


@router.put(
    "/{user_id}",
    response_model=UserResponse,
    responses=CONFLICT,
)
async def replace_user(
    database: Database, user_id: UserId, payload: UserReplace, user: CurrentUser
) -> UserResponse:
    """Replace a user's editable fields; 404 when unknown, 409 on email clash."""
    ensure_self_or_admin(user, user_id)
    _ensure_role_change_allowed(user, payload.role)
    updated = await user_service.replace_user(database, user_id, payload)
    return UserResponse.from_document(updated)


@router.patch(
    "/{user_id}",
    response_model=UserResponse,
    responses=CONFLICT,
)
async def patch_user(
    database: Database, user_id: UserId, payload: UserPatch, user: CurrentUser
) -> UserResponse:
    """Change some of a user's fields; 404 when unknown, 409 on email clash."""
    ensure_self_or_admin(user, user_id)
    _ensure_role_change_allowed(user, payload.role)
    updated = await user_service.patch_user(database, user_id, payload)
    return UserResponse.from_document(updated)


# --8<-- [start:delete_user_endpoint]
@router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=CONFLICT,
)
async def delete_user(
    database: Database, user_id: UserId, admin: AdminUser
) -> Response:
    """Delete a user and their orders (admin only); 204, 404, 409 for the last admin."""
    await user_service.delete_user(database, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --8<-- [end:delete_user_endpoint]
