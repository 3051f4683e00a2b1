"""Emoji as Material's bundled icons, so they show with no emoji font installed.

The site's Markdown turns ``:material-name:`` into an inline SVG of Material's
bundled icons (``pymdownx.emoji`` in ``mkdocs.yml``), offline; an emoji typed
as a character needs a font the reader may not have, and a Twemoji shortcode
would load its picture from a CDN.
"""

from __future__ import annotations

import re

VARIATION_SELECTOR = "\ufe0f"
ICONS = {
    "✅": "material-check-circle",
    "❌": "material-close-circle",
    "👤": "material-account-check",
    "⏭": "material-skip-next-circle",
    "📝": "material-note-edit",
}
"""The emoji the checker's Markdown report uses, each with the icon shown instead."""
EMOJI = re.compile(f"([{''.join(ICONS)}]){VARIATION_SELECTOR}?")


def as_icons(markdown: str) -> str:
    """Every emoji of :data:`ICONS` written as its icon's ``:shortcode:``."""
    return EMOJI.sub(lambda match: f":{ICONS[match[1]]}:", markdown)
