"""Accessibility fixes to Material's page markup that its options do not cover."""

from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG.replace(
    'role="dialog"', 'role="dialog" aria-label="Search"'
)


def name_search_dialog(html: str) -> str:
    """Give the search dialog an accessible name (axe: aria-dialog-name)."""
    return html.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)
