"""Password hashing, JWT signing and verification, request ids."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from app.core import security
from app.core.config import Settings
from app.core.errors import AuthenticationError
from app.core.security import (
    create_access_token,
    decode_access_token,
    hash_password,
    verify_password,
)
from app.utils.helpers import is_canonical_uuid, new_request_id
from tests.conftest import TEST_HASH_COST, TEST_SECRET_KEY

SETTINGS = Settings(_env_file=None, SECRET_KEY=TEST_SECRET_KEY)


async def test_password_hash_is_argon2id_and_never_the_clear_text() -> None:
    hashed = await hash_password("correct-horse-battery")

    assert hashed.startswith("$argon2id$")
    assert "correct-horse-battery" not in hashed
    assert await verify_password("correct-horse-battery", hashed)
    assert not await verify_password("correct-horse-battery!", hashed)


async def test_same_password_hashes_differently_each_time() -> None:
    assert await hash_password("same-password-x") != await hash_password(
        "same-password-x"
    )


# --8<-- [start:token_round_trip]
def test_token_round_trip_carries_subject_role_and_expiry() -> None:
    now = datetime.now(UTC)
    token = create_access_token("user-1", "admin", SETTINGS, now=now)

    claims = decode_access_token(token, SETTINGS)

    assert (claims.subject, claims.role) == ("user-1", "admin")
    expected_expiry = now + timedelta(minutes=SETTINGS.ACCESS_TOKEN_EXPIRE_MINUTES)
    assert abs((claims.expires_at - expected_expiry).total_seconds()) < 1


def test_expired_token_is_rejected_with_a_clear_message() -> None:
    issued = datetime.now(UTC) - timedelta(hours=2)
    token = create_access_token("user-1", "user", SETTINGS, now=issued)

    with pytest.raises(AuthenticationError, match="expired"):
        decode_access_token(token, SETTINGS)


# --8<-- [end:token_round_trip]


def test_a_verified_token_is_refused_once_it_expires() -> None:
    token = create_access_token(
        "user-1", "user", SETTINGS, expires_in=timedelta(seconds=2)
    )
    assert decode_access_token(token, SETTINGS).subject == "user-1"

    time.sleep(2.1)

    with pytest.raises(AuthenticationError, match="expired"):
        decode_access_token(token, SETTINGS)


def test_a_verified_token_is_checked_again_under_another_key() -> None:
    token = create_access_token("user-1", "admin", SETTINGS)
    assert decode_access_token(token, SETTINGS).role == "admin"
    other = Settings(_env_file=None, SECRET_KEY="another-key-" + "z" * 40)

    with pytest.raises(AuthenticationError, match="invalid"):
        decode_access_token(token, other)


@pytest.mark.parametrize(
    ("claim", "value"),
    [("iss", "someone-else"), ("aud", "another-api"), ("role", "superuser")],
)
def test_token_with_wrong_issuer_audience_or_role_is_rejected(
    claim: str, value: str
) -> None:
    now = datetime.now(UTC)
    claims = {
        "sub": "user-1",
        "role": "user",
        "iss": SETTINGS.JWT_ISSUER,
        "aud": SETTINGS.JWT_AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        claim: value,
    }
    token = jwt.encode(claims, TEST_SECRET_KEY, algorithm="HS256")

    with pytest.raises(AuthenticationError, match="invalid"):
        decode_access_token(token, SETTINGS)


def test_token_signed_with_another_key_or_unsigned_is_rejected() -> None:
    other = Settings(_env_file=None, SECRET_KEY="another-key-" + "z" * 40)
    forged = create_access_token("user-1", "admin", other)
    unsigned = jwt.encode({"sub": "user-1", "role": "admin"}, "", algorithm="none")

    for token in (forged, unsigned, "not.a.jwt", ""):
        with pytest.raises(AuthenticationError):
            decode_access_token(token, SETTINGS)


def test_a_token_checked_against_an_empty_key_is_a_401_error_not_a_crash() -> None:
    token = create_access_token("user-1", "admin", SETTINGS)
    keyless = Settings(_env_file=None, SECRET_KEY="")

    with pytest.raises(AuthenticationError, match="invalid"):
        decode_access_token(token, keyless)


class _SlowHasher:
    """Stands in for Argon2: records how many hashes run at the same time."""

    def __init__(self) -> None:
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    def _work(self) -> None:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.05)
        with self._lock:
            self.running -= 1

    def hash(self, password: str) -> str:
        self._work()
        return "hash-of-" + password

    def verify(self, password: str, password_hash: str) -> bool:
        self._work()
        return password_hash == "hash-of-" + password


def _restore_test_hashing() -> None:
    security.configure_password_hashing(
        2,
        memory_kib=int(TEST_HASH_COST["PASSWORD_HASH_MEMORY_KIB"]),
        iterations=int(TEST_HASH_COST["PASSWORD_HASH_ITERATIONS"]),
    )


async def test_the_hash_cost_comes_from_the_settings() -> None:
    default_cost = await hash_password("same-password-123")
    security.configure_password_hashing(1, memory_kib=128, iterations=2)
    try:
        cheap = await hash_password("same-password-123")
        still_verifies = await verify_password("same-password-123", default_cost)
    finally:
        _restore_test_hashing()

    assert "$m=128,t=2," in cheap
    assert still_verifies  # a hash keeps the cost it was made with


@pytest.mark.parametrize("concurrency", [1, 2])
async def test_at_most_the_configured_number_of_hashes_run_at_once(
    monkeypatch: pytest.MonkeyPatch, concurrency: int
) -> None:
    hasher = _SlowHasher()
    security.configure_password_hashing(concurrency)
    monkeypatch.setattr(security, "_PASSWORDS", hasher)
    try:
        hashes = await asyncio.gather(
            *(hash_password(f"password-{n}") for n in range(6)),
            *(verify_password("p", "hash-of-p") for _ in range(6)),
        )
    finally:
        _restore_test_hashing()

    assert hasher.most == concurrency
    assert hashes[:6] == [f"hash-of-password-{n}" for n in range(6)]
    assert all(hashes[6:])


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
