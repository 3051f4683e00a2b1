"""Naming conventions of the SOP in one module (STY rules).

Files are ``snake_case.py``; functions and variables ``snake_case``; classes
``PascalCase``; module-level constants ``UPPER_CASE``.
"""

from __future__ import annotations

MAX_PAGE_SIZE = 100  # constant: UPPER_CASE
USERS_COLLECTION = "users"  # collection: plural kebab-case


class InvoiceSummary:  # class: PascalCase
    """Totals of one customer's invoices."""

    def __init__(self, customer_id: str, total_cents: int) -> None:
        self.customer_id = customer_id  # attribute: snake_case
        self.total_cents = total_cents


def summarise_invoices(customer_id: str, amounts_cents: list[int]) -> InvoiceSummary:
    """Function and argument names: snake_case, with type hints everywhere."""
    page_of_amounts = amounts_cents[:MAX_PAGE_SIZE]  # variable: snake_case
    return InvoiceSummary(customer_id, sum(page_of_amounts))


if __name__ == "__main__":
    summary = summarise_invoices("cust-1", [1250, 990, 4000])
    print(f"{summary.customer_id}: {summary.total_cents} cents")
    print(f"collection {USERS_COLLECTION!r}, page size {MAX_PAGE_SIZE}")
