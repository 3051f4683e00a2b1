"""Security primitives: Argon2 password hashing and signed JWT access tokens.

Nothing here touches the database or HTTP; ``app.services.auth_service`` and
``app.api.dependencies`` build on these functions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal, TypeVar

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from app.core.config import Settings
from app.core.errors import AuthenticationError

T = TypeVar("T")
Role = Literal["admin", "user"]
"""The two roles: an admin manages users, a user manages itself."""

# --8<-- [start:password_hashing]
_PASSWORDS = PasswordHash((Argon2Hasher(),))
"""Argon2id, by default pwdlib's cost (64 MiB, 3 iterations, 4 lanes)."""

_hashing = ThreadPoolExecutor(max_workers=2, thread_name_prefix="argon2")
"""The only threads that hash: at most ``PASSWORD_HASH_CONCURRENCY`` at once."""

_dummy_hashes: dict[int, str] = {}
"""Per hasher: a hash checked when the email is unknown (same cost, same time)."""


def configure_password_hashing(
    concurrency: int, *, memory_kib: int = 65_536, iterations: int = 3
) -> None:
    """Hash at most ``concurrency`` passwords at once, at the given Argon2id cost.

    Called by ``create_app`` with ``PASSWORD_HASH_*``: a burst of logins on
    the open token endpoint then queues instead of exhausting the memory of
    the instance. Existing hashes keep verifying: each one records its cost.
    """
    global _hashing, _PASSWORDS
    previous = _hashing
    _PASSWORDS = PasswordHash(
        (Argon2Hasher(time_cost=iterations, memory_cost=memory_kib),)
    )
    _hashing = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="argon2")
    previous.shutdown(wait=False)  # hashes already queued there still finish


async def _in_hashing_thread(function: Callable[..., T], *args: str) -> T:
    return await asyncio.get_running_loop().run_in_executor(_hashing, function, *args)


async def hash_password(password: str) -> str:
    """Return the Argon2id hash of ``password``; the clear text is never stored.

    Hashing is CPU-bound (tens of milliseconds), so it runs in one of the
    bounded hashing threads and does not block the event loop.
    """
    return await _in_hashing_thread(_PASSWORDS.hash, password)


async def verify_password(password: str, password_hash: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (constant-time compare)."""
    return await _in_hashing_thread(_PASSWORDS.verify, password, password_hash)


async def verify_dummy_password(password: str) -> None:
    """Spend as long as :func:`verify_password` does, for an unknown account."""
    hasher = _PASSWORDS
    if id(hasher) not in _dummy_hashes:
        _dummy_hashes[id(hasher)] = await hash_password("not-a-real-password")
    await _in_hashing_thread(hasher.verify, password, _dummy_hashes[id(hasher)])


# --8<-- [end:password_hashing]


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """What a verified access token says about its bearer."""

    subject: str
    role: Role
    expires_at: datetime


# --8<-- [start:create_access_token]
def create_access_token(
    subject: str,
    role: Role,
    settings: Settings,
    *,
    now: datetime | None = None,
    expires_in: timedelta | None = None,
) -> str:
    """Sign a JWT naming the user (``sub``) and its role, valid for a short time.

    Args:
        subject: The user's public id.
        role: ``admin`` or ``user``; checked again on every request.
        settings: Supplies the key, algorithm, issuer, audience and lifetime.
        now: Issue time; tests pass one to mint expired tokens.
        expires_in: Lifetime; defaults to ``ACCESS_TOKEN_EXPIRE_MINUTES``.
    """
    issued_at = now or datetime.now(UTC)
    lifetime = expires_in or timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES)
    claims: dict[str, Any] = {
        "sub": subject,
        "role": role,
        "iss": settings.JWT_ISSUER,
        "aud": settings.JWT_AUDIENCE,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + lifetime,
    }
    return jwt.encode(
        claims, settings.SECRET_KEY.get_secret_value(), algorithm=settings.JWT_ALGORITHM
    )


# --8<-- [end:create_access_token]


# --8<-- [start:decode_access_token]
VERIFIED_TOKENS_KEPT = 4096
"""Tokens whose signature and claims were verified, kept per process."""


@lru_cache(maxsize=VERIFIED_TOKENS_KEPT)
def _verified_claims(
    token: str, key: str, algorithm: str, audience: str, issuer: str
) -> TokenClaims:
    """Verify signature, expiry, issuer and audience once per token and key.

    A client sends the same token with every request until it expires, and
    PyJWT's checks cost more than the rest of the token's work: the claims
    of a verified token are kept (a token that fails is checked again each
    time). The expiry is checked again on every use.
    """
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise AuthenticationError("The access token has expired.") from error
    except jwt.PyJWTError as error:  # also InvalidKeyError, not a token error
        raise AuthenticationError("The access token is invalid.") from error
    role = claims.get("role")
    subject = claims.get("sub")
    if role not in ("admin", "user") or not isinstance(subject, str):
        raise AuthenticationError("The access token is invalid.")
    return TokenClaims(
        subject=subject,
        role=role,
        expires_at=datetime.fromtimestamp(claims["exp"], tz=UTC),
    )


def decode_access_token(token: str, settings: Settings) -> TokenClaims:
    """Return the claims of a valid token, verified with the settings' key.

    Only the configured algorithm is accepted, so a token signed with
    ``none`` or another algorithm is refused.

    Raises:
        AuthenticationError: For any invalid token; the reason is not leaked.
    """
    claims = _verified_claims(
        token,
        settings.SECRET_KEY.get_secret_value(),
        settings.JWT_ALGORITHM,
        settings.JWT_AUDIENCE,
        settings.JWT_ISSUER,
    )
    if claims.expires_at <= datetime.now(UTC):
        raise AuthenticationError("The access token has expired.")
    return claims


# --8<-- [end:decode_access_token]
