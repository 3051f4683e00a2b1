"""Orders belonging to a user, in the ``orders`` collection.

The caller (the endpoint, which authorises the request) makes sure the user
exists; this module never imports ``user_service`` (which may import it).
"""

from __future__ import annotations

import logging

from pymongo import DESCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.core.database import ORDERS_COLLECTION, MongoDatabase
from app.core.errors import NotFoundError
from app.models.common import new_public_id, utc_now
from app.models.order import OrderDocument
from app.schemas.order import OrderCreate, OrderUpdate

logger = logging.getLogger(__name__)

_NO_MONGO_ID = {"_id": False}

ORDER_LIST_SORT = [("created_at", DESCENDING), ("id", DESCENDING)]
"""Newest first, then by id: the sort a compound index serves (migrations)."""


async def create_order(
    database: MongoDatabase,
    user_id: str,
    data: OrderCreate,
    *,
    order_id: str | None = None,
) -> OrderDocument:
    """Create an order for ``user_id``, a user the caller knows exists.

    A keyed retry passes the ``order_id`` of its first attempt: when that
    attempt stored the order after all, it is returned, not stored twice.
    """
    order = OrderDocument(
        id=order_id or new_public_id(),
        user_id=user_id,
        created_at=utc_now(),
        **data.model_dump(),
    )
    try:
        await database[ORDERS_COLLECTION].insert_one(order.to_mongo())
    except DuplicateKeyError:
        stored = await database[ORDERS_COLLECTION].find_one(
            {"id": order.id, "user_id": user_id}, _NO_MONGO_ID
        )
        if stored is None:
            raise
        logger.info("order found, not created", extra={"order_id": order.id})
        return OrderDocument.from_mongo(stored)
    logger.info("order created", extra={"user_id": user_id, "order_id": order.id})
    return order


async def list_orders(
    database: MongoDatabase, user_id: str, *, limit: int, offset: int
) -> tuple[list[OrderDocument], int]:
    """Return one page of a user's orders (newest first) and their total."""
    query = {"user_id": user_id}
    cursor = (
        database[ORDERS_COLLECTION]
        .find(query, _NO_MONGO_ID)
        .sort(ORDER_LIST_SORT)
        .skip(offset)
        .limit(limit)
    )
    items = [
        OrderDocument.from_mongo(raw) for raw in await cursor.to_list(length=limit)
    ]
    total = await database[ORDERS_COLLECTION].count_documents(query)
    return items, total


async def get_order(
    database: MongoDatabase, user_id: str, order_id: str
) -> OrderDocument:
    """Return the order ``order_id`` of ``user_id``.

    Raises:
        NotFoundError: No such order, or the order of another user.
    """
    raw = await database[ORDERS_COLLECTION].find_one(
        {"id": order_id, "user_id": user_id}, _NO_MONGO_ID
    )
    if raw is None:
        raise NotFoundError("Order", order_id)
    return OrderDocument.from_mongo(raw)


async def update_order(
    database: MongoDatabase, user_id: str, order_id: str, data: OrderUpdate
) -> OrderDocument:
    """Change only the fields present in ``data`` (PATCH semantics).

    Raises:
        NotFoundError: No such order, or the order of another user.
    """
    changes = data.model_dump(exclude_unset=True)
    raw = await database[ORDERS_COLLECTION].find_one_and_update(
        {"id": order_id, "user_id": user_id},
        {"$set": changes},
        projection=_NO_MONGO_ID,
        return_document=ReturnDocument.AFTER,
    )
    if raw is None:
        raise NotFoundError("Order", order_id)
    logger.info(
        "order updated",
        extra={"user_id": user_id, "order_id": order_id, "fields": sorted(changes)},
    )
    return OrderDocument.from_mongo(raw)


async def delete_order(database: MongoDatabase, user_id: str, order_id: str) -> None:
    """Delete the order ``order_id`` of ``user_id``.

    Raises:
        NotFoundError: No such order, or the order of another user.
    """
    result = await database[ORDERS_COLLECTION].delete_one(
        {"id": order_id, "user_id": user_id}
    )
    if result.deleted_count == 0:
        raise NotFoundError("Order", order_id)
    logger.info("order deleted", extra={"user_id": user_id, "order_id": order_id})


async def delete_orders_of_user(database: MongoDatabase, user_id: str) -> int:
    """Delete every order of ``user_id`` (the user's deletion cascades here).

    Returns:
        How many orders were deleted.
    """
    result = await database[ORDERS_COLLECTION].delete_many({"user_id": user_id})
    logger.info(
        "orders deleted", extra={"user_id": user_id, "count": result.deleted_count}
    )
    return result.deleted_count
