"""Placeholders of the auth layer behave as documented."""

from __future__ import annotations

import pytest

from app.core.security import extract_bearer_token
from app.services.auth_service import ANONYMOUS, authenticate
from app.utils.helpers import is_canonical_uuid, new_request_id


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Bearer abc.def", "abc.def"),
        ("bearer  token ", "token"),
        ("Bearer ", None),
        ("Basic dXNlcjpwYXNz", None),
        (None, None),
        ("", None),
    ],
)
def test_extract_bearer_token(header: str | None, expected: str | None) -> None:
    assert extract_bearer_token(header) == expected


async def test_authenticate_returns_anonymous_until_auth_lands() -> None:
    principal = await authenticate("any-token")

    assert principal == ANONYMOUS
    assert principal.is_authenticated is False


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1b4e28ba-2fa1-41d2-883f-0016d3cca427", True),
        ("1B4E28BA-2FA1-41D2-883F-0016D3CCA427", True),
        ("1b4e28ba2fa141d2883f0016d3cca427", False),
        ("{1b4e28ba-2fa1-41d2-883f-0016d3cca427}", False),
        ("1b4e28ba-2fa1-41d2-883f-0016d3cca427\n", False),
        ("1b4e28ba-2fa1-41d2-883f-0016d3cca427" * 50, False),
        ("not-a-uuid", False),
    ],
)
def test_is_canonical_uuid(value: str, valid: bool) -> None:
    assert is_canonical_uuid(value) is valid


def test_new_request_id_is_a_canonical_uuid() -> None:
    assert is_canonical_uuid(new_request_id())
