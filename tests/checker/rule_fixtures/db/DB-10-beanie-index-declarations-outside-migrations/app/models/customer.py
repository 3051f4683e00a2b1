"""Customers."""

from beanie import Document, Indexed


class Customer(Document):
    """A customer."""

    # Customers sign in by e-mail.
    email: Indexed(str, unique=True)  # expect: DB-10

    class Settings:
        """Where customers are stored."""

        name = "customers"
        indexes = ["country"]
        # expect-previous: DB-10
