"""Documents that leave their collection's name to the ODM, and some that don't."""

from beanie import Document
from odmantic import Model


class Order(Document):  # expect: STY-05 "collection name 'Order' is not kebab-case: use 'orders' (Beanie names it after the class: set `name`"
    """Beanie stores it in the collection ``Order``."""

    total: int


class OrderLineModel(Model):  # expect: STY-05 "collection name 'order_line' is not kebab-case: use 'order-lines'"
    """ODMantic stores it in ``order_line``."""

    sku: str


class Payment(Document):
    """Named by its settings."""

    amount: int

    class Settings:
        """Where payments are stored."""

        name = "payments"


class Receipt(Model):
    """Named by its configuration."""

    number: str

    model_config = {"collection": "receipts"}


class Timestamped(Document):
    """A shared base is no collection of its own."""

    created: int


class Refund(Timestamped):
    """Named by its settings."""

    class Settings:
        """Where refunds are stored."""

        name = "refunds"
