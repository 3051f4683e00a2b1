"""``/api/v1/users`` and ``/api/v1/users/{user_id}/orders``.

Endpoints only translate HTTP to service calls; they never touch a
collection and never build error responses (see ``app.api.errors``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response, status

from app.api.dependencies import Database, Pagination
from app.schemas.common import PROBLEM_JSON, ProblemDetails
from app.schemas.user import (
    OrderCreate,
    OrderListResponse,
    OrderResponse,
    UserCreate,
    UserListResponse,
    UserPatch,
    UserReplace,
    UserResponse,
)
from app.services import order_service, user_service

router = APIRouter(prefix="/users", tags=["users"])

UserId = Annotated[
    str, Path(min_length=1, max_length=64, description="Public user id.")
]


def _problem(description: str) -> dict[str, Any]:
    return {
        "model": ProblemDetails,
        "description": description,
        "content": {PROBLEM_JSON: {}},
    }


Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: _problem("No user with this id.")}
CONFLICT: Responses = {409: _problem("Email already in use.")}


@router.get("", response_model=UserListResponse)
async def list_users(database: Database, page: Pagination) -> UserListResponse:
    """List users, oldest first, ``limit`` (1..100) at a time from ``offset``."""
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
    responses=CONFLICT,
)
async def create_user(database: Database, payload: UserCreate) -> UserResponse:
    """Create a user; 201 with the user, 409 when the email is taken."""
    user = await user_service.create_user(database, payload)
    return UserResponse.from_document(user)


# --8<-- [end:create_user_endpoint]


@router.get("/{user_id}", response_model=UserResponse, responses=NOT_FOUND)
async def get_user(database: Database, user_id: UserId) -> UserResponse:
    """Return one user; 404 when unknown."""
    return UserResponse.from_document(await user_service.get_user(database, user_id))


@router.put(
    "/{user_id}", response_model=UserResponse, responses={**NOT_FOUND, **CONFLICT}
)
async def replace_user(
    database: Database, user_id: UserId, payload: UserReplace
) -> UserResponse:
    """Replace a user's editable fields; 404 when unknown, 409 on email clash."""
    user = await user_service.replace_user(database, user_id, payload)
    return UserResponse.from_document(user)


@router.patch(
    "/{user_id}", response_model=UserResponse, responses={**NOT_FOUND, **CONFLICT}
)
async def patch_user(
    database: Database, user_id: UserId, payload: UserPatch
) -> UserResponse:
    """Change some of a user's fields; 404 when unknown, 409 on email clash."""
    user = await user_service.patch_user(database, user_id, payload)
    return UserResponse.from_document(user)


# --8<-- [start:delete_user_endpoint]
@router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=NOT_FOUND,
)
async def delete_user(database: Database, user_id: UserId) -> Response:
    """Delete a user and their orders; 204 with no body, 404 when unknown."""
    await user_service.delete_user(database, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --8<-- [end:delete_user_endpoint]


@router.get("/{user_id}/orders", response_model=OrderListResponse, responses=NOT_FOUND)
async def list_orders(
    database: Database, user_id: UserId, page: Pagination
) -> OrderListResponse:
    """List a user's orders, newest first; 404 when the user is unknown."""
    items, total = await order_service.list_orders(
        database, user_id, limit=page.limit, offset=page.offset
    )
    return OrderListResponse(
        items=[OrderResponse.from_document(item) for item in items],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "/{user_id}/orders",
    response_model=OrderResponse,
    status_code=status.HTTP_201_CREATED,
    responses=NOT_FOUND,
)
async def create_order(
    database: Database, user_id: UserId, payload: OrderCreate
) -> OrderResponse:
    """Create an order for a user; 201, or 404 when the user is unknown."""
    order = await order_service.create_order(database, user_id, payload)
    return OrderResponse.from_document(order)
