"""Whether a resource or collection name is plural, one answer for every rule.

``inflect`` knows English plurals (``people``, ``criteria``, ``data``); a
mass noun (``inventory``, ``feedback``) has no plural and names a collection
as it is.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from types import ModuleType
from typing import Any


def _unchecked(target: Any = None, **_: object) -> Any:  # noqa: ANN401 - as typechecked
    """``typeguard.typechecked`` that checks nothing, bare or with options."""
    return _unchecked if target is None else target


@contextmanager
def _typechecked_as_a_no_op() -> Iterator[None]:
    """inflect decorates its methods with ``typeguard.typechecked``, which
    recompiles each one as inflect loads: three quarters of the CPU of an
    ``acacia-sop check``, for run-time checks of the plain strings this module
    passes. While inflect loads, ``typeguard`` is a module whose
    ``typechecked`` changes nothing; the real one (if loaded) is put back."""
    stub = ModuleType("typeguard")
    stub.__dict__["typechecked"] = _unchecked
    loaded = sys.modules.get("typeguard")
    sys.modules["typeguard"] = stub
    try:
        yield
    finally:
        if loaded is None:
            del sys.modules["typeguard"]
        else:
            sys.modules["typeguard"] = loaded


try:
    with _typechecked_as_a_no_op():
        import inflect
except ImportError:  # an inflect that needs more of typeguard: load it as it is
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
