"""Invoices belonging to a user, in the ``invoices`` collection.

The caller (the endpoint, which authorises the request) makes sure the user
exists; this module never imports ``user_service`` (which may import it).
"""

from __future__ import annotations

import logging

from pymongo import DESCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.core.database import INVOICES_COLLECTION, MongoDatabase
from app.core.errors import NotFoundError
from app.models.common import new_public_id, utc_now
from app.models.invoice import InvoiceDocument
from app.schemas.invoice import InvoiceCreate, InvoiceUpdate

logger = logging.getLogger(__name__)

_NO_MONGO_ID = {"_id": False}

INVOICE_LIST_SORT = [("created_at", DESCENDING), ("id", DESCENDING)]
"""Newest first, then by id: the sort a compound index serves (migrations)."""


async def create_invoice(
    database: MongoDatabase,
    user_id: str,
    data: InvoiceCreate,
    *,
    invoice_id: str | None = None,
) -> InvoiceDocument:
    """Create an invoice for ``user_id``, a user the caller knows exists.

    A keyed retry passes the ``invoice_id`` of its first attempt: when that
    attempt stored the invoice after all, it is returned, not stored twice.
    """
    invoice = InvoiceDocument(
        id=invoice_id or new_public_id(),
        user_id=user_id,
        created_at=utc_now(),
        **data.model_dump(),
    )
    try:
        await database[INVOICES_COLLECTION].insert_one(invoice.to_mongo())
    except DuplicateKeyError:
        stored = await database[INVOICES_COLLECTION].find_one(
            {"id": invoice.id, "user_id": user_id}, _NO_MONGO_ID
        )
        if stored is None:
            raise
        logger.info("invoice found, not created", extra={"invoice_id": invoice.id})
        return InvoiceDocument.from_mongo(stored)
    logger.info("invoice created", extra={"user_id": user_id, "invoice_id": invoice.id})
    return invoice


async def list_invoices(
    database: MongoDatabase, user_id: str, *, limit: int, offset: int
) -> tuple[list[InvoiceDocument], int]:
    """Return one page of a user's invoices (newest first) and their total."""
    query = {"user_id": user_id}
    cursor = (
        database[INVOICES_COLLECTION]
        .find(query, _NO_MONGO_ID)
        .sort(INVOICE_LIST_SORT)
        .skip(offset)
        .limit(limit)
    )
    items = [
        InvoiceDocument.from_mongo(raw) for raw in await cursor.to_list(length=limit)
    ]
    total = await database[INVOICES_COLLECTION].count_documents(query)
    return items, total


async def get_invoice(
    database: MongoDatabase, user_id: str, invoice_id: str
) -> InvoiceDocument:
    """Return the invoice ``invoice_id`` of ``user_id``.

    Raises:
        NotFoundError: No such invoice, or the invoice of another user.
    """
    raw = await database[INVOICES_COLLECTION].find_one(
        {"id": invoice_id, "user_id": user_id}, _NO_MONGO_ID
    )
    if raw is None:
        raise NotFoundError("Invoice", invoice_id)
    return InvoiceDocument.from_mongo(raw)


async def update_invoice(
    database: MongoDatabase, user_id: str, invoice_id: str, data: InvoiceUpdate
) -> InvoiceDocument:
    """Change only the fields present in ``data`` (PATCH semantics).

    Raises:
        NotFoundError: No such invoice, or the invoice of another user.
    """
    changes = data.model_dump(exclude_unset=True)
    raw = await database[INVOICES_COLLECTION].find_one_and_update(
        {"id": invoice_id, "user_id": user_id},
        {"$set": changes},
        projection=_NO_MONGO_ID,
        return_document=ReturnDocument.AFTER,
    )
    if raw is None:
        raise NotFoundError("Invoice", invoice_id)
    logger.info(
        "invoice updated",
        extra={"user_id": user_id, "invoice_id": invoice_id, "fields": sorted(changes)},
    )
    return InvoiceDocument.from_mongo(raw)


async def delete_invoice(
    database: MongoDatabase, user_id: str, invoice_id: str
) -> None:
    """Delete the invoice ``invoice_id`` of ``user_id``.

    Raises:
        NotFoundError: No such invoice, or the invoice of another user.
    """
    result = await database[INVOICES_COLLECTION].delete_one(
        {"id": invoice_id, "user_id": user_id}
    )
    if result.deleted_count == 0:
        raise NotFoundError("Invoice", invoice_id)
    logger.info("invoice deleted", extra={"user_id": user_id, "invoice_id": invoice_id})


async def delete_invoices_of_user(database: MongoDatabase, user_id: str) -> int:
    """Delete every invoice of ``user_id`` (the user's deletion cascades here).

    Returns:
        How many invoices were deleted.
    """
    result = await database[INVOICES_COLLECTION].delete_many({"user_id": user_id})
    logger.info(
        "invoices deleted", extra={"user_id": user_id, "count": result.deleted_count}
    )
    return result.deleted_count
