"""Schemathesis hooks for the API run (``SCHEMATHESIS_HOOKS=tests.schemathesis_hooks``).

The API refuses special-use email domains (``.test``, ``.local``, ...) and
internationalised (``xn--``) ones, as its OpenAPI description says;
schemathesis' own ``email`` strategy draws ``.test`` addresses, so valid
("positive") emails come from Hypothesis' ``emails()`` without those.

An ``Idempotency-Key`` names one request: the same key with another body is
a 422, which no schema can say, and Hypothesis draws the same small keys
again and again. Each call gets a fresh key instead (a malformed one is
kept, for the negative cases); ``tests/test_api/test_idempotency.py`` covers
replays and refusals.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import schemathesis
from email_validator import SPECIAL_USE_DOMAIN_NAMES
from hypothesis import strategies as st

from app.api.idempotency import HEADER, KEY_PATTERN


def _accepted(address: str) -> bool:
    """What the API's ``Email`` description accepts: no special-use, no IDN."""
    domain = address.rsplit("@", 1)[-1].lower()
    if "xn--" in domain:
        return False
    return not any(
        domain == name or domain.endswith("." + name)
        for name in SPECIAL_USE_DOMAIN_NAMES
    )


schemathesis.openapi.format("email", st.emails().filter(_accepted))


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    """Send a well-formed ``Idempotency-Key`` as a fresh UUID: one key, one call."""
    headers = case.headers or {}
    if re.fullmatch(KEY_PATTERN, headers.get(HEADER, "")):
        headers[HEADER] = str(uuid.uuid4())
