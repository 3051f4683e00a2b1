"""Accessibility fixes to Material's page markup that its options do not cover."""

from __future__ import annotations

import re

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG.replace(
    'role="dialog"', 'role="dialog" aria-label="Search"'
)


def name_search_dialog(html: str) -> str:
    """Give the search dialog an accessible name (axe: aria-dialog-name)."""
    return html.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)


# Material escapes footer labels again although page titles are already
# escaped: "Code Style &amp;amp; Naming" no longer matches the visible text.
ARIA_LABEL = re.compile(r'aria-label="([^"]*)"')
DOUBLE_ESCAPE = re.compile(r"&amp;(amp|lt|gt|quot|#39);")


def _unescape_label(label: re.Match[str]) -> str:
    return 'aria-label="' + DOUBLE_ESCAPE.sub(r"&\1;", label[1]) + '"'


def unescape_aria_labels(html: str) -> str:
    """Undo double escapes in aria-labels (axe: label-content-name-mismatch)."""
    return ARIA_LABEL.sub(_unescape_label, html)
