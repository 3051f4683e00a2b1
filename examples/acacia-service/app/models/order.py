"""The ``orders`` document."""

from __future__ import annotations

from datetime import datetime

from app.models.common import StoredDocument


class OrderDocument(StoredDocument):
    """An order as stored in the ``orders`` collection, owned by ``user_id``."""

    id: str
    user_id: str
    item: str
    quantity: int
    total_cents: int
    created_at: datetime
