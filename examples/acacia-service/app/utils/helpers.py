"""Pure helper functions used across layers."""

from __future__ import annotations

import re
import uuid

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
