"""``/api/v1/users/{user_id}/invoices``: a user's invoices.

The endpoint authorises the caller and checks the user exists (404), so
``invoice_service`` never needs ``user_service``.
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
from app.schemas.invoice import (
    InvoiceCreate,
    InvoiceListResponse,
    InvoiceResponse,
    InvoiceUpdate,
)
from app.services import invoice_service, user_service

InvoiceId = Annotated[
    str, Path(min_length=1, max_length=64, description="Public invoice id.")
]
"""The ``{invoice_id}`` path parameter."""

router = APIRouter(prefix="/users", tags=["invoices"])


@router.get(
    "/{user_id}/invoices",
    response_model=InvoiceListResponse,
)
async def list_invoices(
    database: Database, user_id: UserId, page: Pagination, user: CurrentUser
) -> InvoiceListResponse:
    """List a user's invoices, newest first (owner or admin).

    404 when the user is unknown.
    """
    ensure_self_or_admin(user, user_id)
    if user.id != user_id:  # an admin looking at someone else's invoices
        await user_service.get_user(database, user_id)
    items, total = await invoice_service.list_invoices(
        database, user_id, limit=page.limit, offset=page.offset
    )
    return InvoiceListResponse(
        items=[InvoiceResponse.from_document(item) for item in items],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "/{user_id}/invoices",
    response_model=InvoiceResponse,
    status_code=status.HTTP_201_CREATED,
)
async def create_invoice(
    database: Database,
    user_id: UserId,
    payload: InvoiceCreate,
    user: CurrentUser,
    invoice_id: NewResourceId,
) -> InvoiceResponse:
    """Create an invoice for yourself (you exist); 403 for another user's id."""
    if user.id != user_id:
        raise PermissionDeniedError("Invoices can only be created by their owner.")
    invoice = await invoice_service.create_invoice(
        database, user_id, payload, invoice_id=invoice_id
    )
    return InvoiceResponse.from_document(invoice)


@router.get("/{user_id}/invoices/{invoice_id}", response_model=InvoiceResponse)
async def get_invoice(
    database: Database, user_id: UserId, invoice_id: InvoiceId, user: CurrentUser
) -> InvoiceResponse:
    """Return one invoice of a user (owner or admin); 404 when not theirs."""
    ensure_self_or_admin(user, user_id)
    invoice = await invoice_service.get_invoice(database, user_id, invoice_id)
    return InvoiceResponse.from_document(invoice)


@router.patch("/{user_id}/invoices/{invoice_id}", response_model=InvoiceResponse)
async def update_invoice(
    database: Database,
    user_id: UserId,
    invoice_id: InvoiceId,
    payload: InvoiceUpdate,
    user: CurrentUser,
) -> InvoiceResponse:
    """Change some fields of an invoice (owner or admin); 404 when not theirs."""
    ensure_self_or_admin(user, user_id)
    invoice = await invoice_service.update_invoice(
        database, user_id, invoice_id, payload
    )
    return InvoiceResponse.from_document(invoice)


@router.delete(
    "/{user_id}/invoices/{invoice_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
async def delete_invoice(
    database: Database, user_id: UserId, invoice_id: InvoiceId, user: CurrentUser
) -> Response:
    """Delete an invoice (owner or admin); 204, or 404 when not theirs."""
    ensure_self_or_admin(user, user_id)
    await invoice_service.delete_invoice(database, user_id, invoice_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
