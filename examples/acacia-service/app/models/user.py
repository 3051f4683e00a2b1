"""The ``users`` document."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from app.models.common import StoredDocument


class UserDocument(StoredDocument):
    """A user as stored in the ``users`` collection.

    ``id`` is the public UUID4 (unique index); ``_id`` stays internal.
    ``password_hash`` is an Argon2id hash and never leaves the service.
    """

    id: str
    email: str
    full_name: str
    role: Literal["admin", "user"] = "user"
    password_hash: str = ""
    created_at: datetime
    updated_at: datetime
