"""The ``invoices`` document."""

from __future__ import annotations

from datetime import datetime

from app.models.common import StoredDocument


class InvoiceDocument(StoredDocument):
    """An invoice as stored, owned by the user ``user_id``."""

    id: str
    user_id: str
    customer: str
    amount_cents: int
    paid: bool
    created_at: datetime
