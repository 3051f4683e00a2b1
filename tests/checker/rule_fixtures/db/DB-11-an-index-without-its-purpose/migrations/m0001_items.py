"""Indexes of the ``items`` collection."""

from pymongo import IndexModel

INDEXES = [
    IndexModel(
        [("id", 1)], name="items_id_unique", unique=True  # expect-previous: DB-11
    ),
]
