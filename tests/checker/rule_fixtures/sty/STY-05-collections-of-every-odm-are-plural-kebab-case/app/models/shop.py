"""Collections named the ways each ODM names them."""

from typing import ClassVar

from beanie import Document
from pydantic import BaseModel


class Order(Document):
    """An order."""

    class Settings:
        """Where orders are stored."""

        name = "Order"  # expect: STY-05 "collection name 'Order' is not kebab-case: use 'orders'"


class User(BaseModel):
    """A user."""

    __collection__: ClassVar[str] = "user"  # expect: STY-05 "collection name 'user' is not a plural noun: use 'users'"


class Invoice(BaseModel):
    """An invoice."""

    model_config = {"collection": "invoices"}
