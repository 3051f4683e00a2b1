"""The ``orders`` document."""

from __future__ import annotations

from datetime import datetime

from app.models.common import StoredDocument


class OrderDocument(StoredDocument):
    """An order as stored, owned by the user ``user_id``."""

    id: str
    user_id: str
    # --8<-- [start:document_fields]
    item: str
    quantity: int
    total_cents: int
    # --8<-- [end:document_fields]
    created_at: datetime
