"""Versioned, declarative MongoDB index migrations.

Each ``mNNNN_<name>.py`` module declares ``DESCRIPTION`` and ``INDEXES``;
``python -m migrations apply`` applies them in order, idempotently, and
records each run in the ``schema-migrations`` collection.
"""

from migrations.base import IndexDefinition, Migration, load_migrations

__all__ = ["IndexDefinition", "Migration", "load_migrations"]
