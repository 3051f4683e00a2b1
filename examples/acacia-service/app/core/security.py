"""Security primitives: a documented placeholder.

Token signing and password hashing arrive with the authentication issue.
Only the header parsing the API needs today lives here.
"""

from __future__ import annotations

BEARER_PREFIX = "bearer "


def extract_bearer_token(authorization: str | None) -> str | None:
    """Return the token of an ``Authorization: Bearer <token>`` header.

    Args:
        authorization: The raw header value, or ``None``.

    Returns:
        The token, or ``None`` when the header is absent or not a bearer token.
    """
    if not authorization or not authorization.lower().startswith(BEARER_PREFIX):
        return None
    token = authorization[len(BEARER_PREFIX) :].strip()
    return token or None
