"""Invoices belonging to a user, in the ``invoices`` collection.

The caller (the endpoint, which authorises the request) makes sure the user
exists; this module never imports ``user_service`` (which may import it).
"""

from __future__ import annotations

import logging

from pymongo import DESCENDING
from pymongo.errors import DuplicateKeyError

from app.core.database import INVOICES_COLLECTION, MongoDatabase
from app.models.common import new_public_id, utc_now
from app.models.invoice import InvoiceDocument
from app.schemas.invoice import InvoiceCreate

logger = logging.getLogger(__name__)

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
            {"id": invoice.id, "user_id": user_id}, {"_id": False}
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
        .find(query, {"_id": False})
        .sort(INVOICE_LIST_SORT)
        .skip(offset)
        .limit(limit)
    )
    items = [
        InvoiceDocument.from_mongo(raw) for raw in await cursor.to_list(length=limit)
    ]
    total = await database[INVOICES_COLLECTION].count_documents(query)
    return items, total


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
