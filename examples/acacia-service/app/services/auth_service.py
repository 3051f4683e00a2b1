"""Authentication service: a documented placeholder.

Authentication is delivered by a later issue. Until then every request is
anonymous; this module fixes the interface endpoints will depend on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is making the request."""

    subject: str
    is_authenticated: bool


ANONYMOUS = Principal(subject="anonymous", is_authenticated=False)


async def authenticate(token: str | None) -> Principal:
    """Resolve a bearer token to a principal.

    Placeholder: always returns :data:`ANONYMOUS` until auth lands.

    Args:
        token: The raw bearer token, or ``None`` when absent.
    """
    del token
    return ANONYMOUS
