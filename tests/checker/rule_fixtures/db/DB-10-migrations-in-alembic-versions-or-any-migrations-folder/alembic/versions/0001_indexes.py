"""Orders' indexes, as an Alembic-style revision."""

from app.core.database import db


async def upgrade() -> None:
    """Create the indexes."""
    # Orders are listed by customer.
    await db["orders"].create_index("customer")
