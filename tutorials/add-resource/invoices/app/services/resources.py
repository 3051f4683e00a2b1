"""What deleting a user also deletes, for each resource added by the command.

One line per resource ``acacia-sop add resource`` wrote: ``user_service``
runs each, so the command never edits it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.core.database import MongoDatabase
from app.services import invoice_service

UserDataDeleter = Callable[[MongoDatabase, str], Awaitable[int]]
"""Deletes one resource's documents of a user; returns how many."""

USER_DATA_DELETERS: list[UserDataDeleter] = [
    invoice_service.delete_invoices_of_user,
]
"""Kept by ``acacia-sop add resource``; run when a user is deleted."""
