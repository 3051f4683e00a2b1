"""Cross-cutting building blocks: settings, database client, logging, errors.

Nothing in ``app.core`` imports from ``app.api`` or ``app.services``.
"""
