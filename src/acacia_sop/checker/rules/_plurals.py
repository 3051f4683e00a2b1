"""Whether a resource or collection name is plural, one answer for every rule.

``inflect`` knows English plurals (``people``, ``criteria``, ``data``); a
mass noun (``inventory``, ``feedback``) has no plural and names a collection
as it is.
"""

from __future__ import annotations

from functools import cache

import inflect

MASS_NOUNS = frozenset(
    {
        "content",
        "feedback",
        "history",
        "info",
        "inventory",
        "media",
        "software",
        "staff",
        "weather",
    }
)


@cache
def _english() -> inflect.engine:
    return inflect.engine()


def is_plural_noun(word: str) -> bool:
    """Whether a lower-case noun names many: ``users``, ``people``, ``inventory``."""
    return bool(word) and (
        word in MASS_NOUNS or _english().singular_noun(word) is not False
    )


def plural_noun(word: str) -> str:
    """The plural of a lower-case noun (``category`` -> ``categories``)."""
    return word if not word or is_plural_noun(word) else _english().plural_noun(word)
