"""``/api/v1/users/{user_id}/orders``: a user's orders.

The endpoint authorises the caller and checks the user exists (404), so
``order_service`` never needs ``user_service``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from app.api.dependencies import (
    CurrentUser,
    Database,
    Pagination,
    UserId,
    ensure_self_or_admin,
)
from app.api.idempotency import NewResourceId
from app.core.errors import PermissionDeniedError
from app.schemas.order import (
    OrderCreate,
    OrderListResponse,
    OrderResponse,
    OrderUpdate,
)
from app.services import order_service, user_service

OrderId = Annotated[
    str, Path(min_length=1, max_length=64, description="Public order id.")
]
"""The ``{order_id}`` path parameter."""

router = APIRouter(prefix="/users", tags=["orders"])


@router.get(
    "/{user_id}/orders",
    response_model=OrderListResponse,
)
async def list_orders(
    database: Database, user_id: UserId, page: Pagination, user: CurrentUser
) -> OrderListResponse:
    """List a user's orders, newest first (owner or admin).

    404 when the user is unknown.
    """
    ensure_self_or_admin(user, user_id)
    if user.id != user_id:  # an admin looking at someone else's orders
        await user_service.get_user(database, user_id)
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
)
async def create_order(
    database: Database,
    user_id: UserId,
    payload: OrderCreate,
    user: CurrentUser,
    order_id: NewResourceId,
) -> OrderResponse:
    """Create an order for yourself (you exist); 403 for another user's id."""
    if user.id != user_id:
        raise PermissionDeniedError("Orders can only be created by their owner.")
    order = await order_service.create_order(
        database, user_id, payload, order_id=order_id
    )
    return OrderResponse.from_document(order)


@router.get("/{user_id}/orders/{order_id}", response_model=OrderResponse)
async def get_order(
    database: Database, user_id: UserId, order_id: OrderId, user: CurrentUser
) -> OrderResponse:
    """Return one order of a user (owner or admin); 404 when not theirs."""
    ensure_self_or_admin(user, user_id)
    order = await order_service.get_order(database, user_id, order_id)
    return OrderResponse.from_document(order)


@router.patch("/{user_id}/orders/{order_id}", response_model=OrderResponse)
async def update_order(
    database: Database,
    user_id: UserId,
    order_id: OrderId,
    payload: OrderUpdate,
    user: CurrentUser,
) -> OrderResponse:
    """Change some fields of an order (owner or admin); 404 when not theirs."""
    ensure_self_or_admin(user, user_id)
    order = await order_service.update_order(database, user_id, order_id, payload)
    return OrderResponse.from_document(order)


@router.delete(
    "/{user_id}/orders/{order_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
async def delete_order(
    database: Database, user_id: UserId, order_id: OrderId, user: CurrentUser
) -> Response:
    """Delete an order (owner or admin); 204, or 404 when not theirs."""
    ensure_self_or_admin(user, user_id)
    await order_service.delete_order(database, user_id, order_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
