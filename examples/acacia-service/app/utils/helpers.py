"""Pure helper functions used across layers."""

from __future__ import annotations

import re
import uuid
from urllib.parse import unquote_plus

_CANONICAL_UUID = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE
)


def is_canonical_uuid(value: str) -> bool:
    """True only for a 36-character hyphenated UUID (no braces, no URN, no padding).

    Used to vet client-supplied ``X-Request-ID`` values: anything oversized
    or containing control characters is rejected.
    """
    if len(value) != 36 or not _CANONICAL_UUID.fullmatch(value):
        return False
    try:
        uuid.UUID(value)
    except ValueError:  # pragma: no cover - the regex already guarantees validity
        return False
    return True


def new_request_id() -> str:
    """Return a fresh request id (UUID4, canonical form)."""
    return str(uuid.uuid4())


def client_ip(
    peer: str | None, forwarded_for: str, *, trust_forwarded_for: bool
) -> str:
    """The address a request comes from, as rate limits and access logs see it.

    Behind Cloud Run's front end the peer is the proxy; when
    ``trust_forwarded_for`` is set, the last ``X-Forwarded-For`` entry (the one
    the platform appended, which a client cannot forge) is used instead.
    uvicorn runs with ``--no-proxy-headers``, so ``peer`` is the real peer.
    For example:

    ```py
    from app.utils.helpers import client_ip

    forwarded = "203.0.113.7, 198.51.100.2"
    print(client_ip("10.0.0.1", forwarded, trust_forwarded_for=True))
    #> 198.51.100.2
    print(client_ip("10.0.0.1", forwarded, trust_forwarded_for=False))
    #> 10.0.0.1
    ```
    """
    if trust_forwarded_for:
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return peer or "unknown"


_SENSITIVE_NAME = re.compile(r"(^|[_-])(password|passwd|token|secret|key)$", re.I)
REDACTED = "REDACTED"


def redact_query(query: str) -> str:
    """``query`` with the value of every sensitive parameter replaced.

    Names such as ``password``, ``token``, ``access_token``, ``api_key`` or
    ``client_secret`` keep their name and lose their value; the rest of the
    query string is returned byte for byte:

    ```py
    from app.utils.helpers import redact_query

    print(redact_query("page=2&access_token=abc&q=a%20b"))
    #> page=2&access_token=REDACTED&q=a%20b
    ```
    """
    pairs = []
    for pair in query.split("&"):
        name, equals, _value = pair.partition("=")
        if equals and _SENSITIVE_NAME.search(unquote_plus(name)):
            pair = f"{name}={REDACTED}"
        pairs.append(pair)
    return "&".join(pairs)
