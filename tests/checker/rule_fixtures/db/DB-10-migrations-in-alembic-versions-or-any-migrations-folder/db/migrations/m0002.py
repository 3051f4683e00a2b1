"""Invoices' indexes, in a migrations folder anywhere."""

from app.core.database import db


async def upgrade() -> None:
    """Create the indexes."""
    # Invoices are looked up by number.
    await db["invoices"].create_index("number")
