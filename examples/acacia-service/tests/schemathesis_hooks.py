"""Schemathesis hooks for the API run (``SCHEMATHESIS_HOOKS=tests.schemathesis_hooks``).

The API refuses special-use email domains (``.test``, ``.local``, ...) and
internationalised (``xn--``) ones, as its OpenAPI description says;
schemathesis' own ``email`` strategy draws ``.test`` addresses, so valid
("positive") emails come from Hypothesis' ``emails()`` without those.
"""

from __future__ import annotations

import schemathesis
from email_validator import SPECIAL_USE_DOMAIN_NAMES
from hypothesis import strategies as st


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
