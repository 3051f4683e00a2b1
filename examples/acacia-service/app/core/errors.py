"""Domain errors raised by services; never HTTP-aware.

``app.api.errors`` maps each class to an HTTP status and a problem type.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class for business-rule failures a client can cause."""

    def __init__(self, detail: str) -> None:
        """Store a human-readable ``detail`` that is safe to return to clients."""
        super().__init__(detail)
        self.detail = detail

    @property
    def headers(self) -> dict[str, str]:
        """Extra response headers (``WWW-Authenticate``, ``Retry-After``...)."""
        return {}


class UserNotFoundError(DomainError):
    """No user has the requested public id."""

    def __init__(self, user_id: str) -> None:
        """Build the message from the missing ``user_id``."""
        super().__init__(f"User {user_id!r} was not found.")
        self.user_id = user_id


class NotFoundError(DomainError):
    """No document of this kind with this public id belongs to the caller's user."""

    def __init__(self, kind: str, public_id: str) -> None:
        """Build the message from the ``kind`` of document and its ``public_id``."""
        super().__init__(f"{kind} {public_id!r} was not found.")
        self.public_id = public_id


class DuplicateEmailError(DomainError):
    """Another user already has this email address."""

    def __init__(self, email: str) -> None:
        """Build the message from the conflicting ``email``."""
        super().__init__(f"A user with email {email!r} already exists.")
        self.email = email


class LastAdminError(DomainError):
    """The change would leave no admin, and nobody could manage users again."""

    def __init__(self, user_id: str) -> None:
        """Name the admin that must stay one."""
        super().__init__(
            f"User {user_id!r} is the last admin: promote another user first."
        )
        self.user_id = user_id


class IdempotencyKeyInUseError(DomainError):
    """A request with this ``Idempotency-Key`` is still being processed."""

    def __init__(self, retry_after_seconds: int) -> None:
        """Tell the client when the first request's lease ends."""
        super().__init__(
            "A request with this Idempotency-Key is still being processed; "
            f"retry it with the same key after {retry_after_seconds} seconds."
        )
        self.retry_after_seconds = retry_after_seconds

    @property
    def headers(self) -> dict[str, str]:
        """``Retry-After``: when the first request's lease ends."""
        return {"Retry-After": str(self.retry_after_seconds)}


class IdempotencyKeyReusedError(DomainError):
    """The ``Idempotency-Key`` was first sent with another request body."""

    def __init__(self) -> None:
        """Tell the client that a key names one request only."""
        super().__init__(
            "This Idempotency-Key was used with another request; "
            "send a new key for a new request."
        )


DATABASE_RETRY_AFTER_SECONDS = 5
"""``Retry-After`` sent with a 503 while the database is unreachable."""


class DatabaseUnavailableError(DomainError):
    """MongoDB did not answer in time."""

    @property
    def headers(self) -> dict[str, str]:
        """``Retry-After``: the client may retry once the database is back."""
        return {"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)}


class AuthenticationError(DomainError):
    """No credentials, or credentials that do not prove who the caller is."""

    @property
    def headers(self) -> dict[str, str]:
        """RFC 6750: a 401 names the scheme the client should use."""
        return {"WWW-Authenticate": "Bearer"}


class PermissionDeniedError(DomainError):
    """The caller is authenticated but its role does not allow this."""


class RateLimitExceededError(DomainError):
    """Too many requests from this client in the current window."""

    def __init__(self, retry_after_seconds: int) -> None:
        """Build the message from the seconds until the window frees a slot."""
        super().__init__(
            f"Too many requests; retry after {retry_after_seconds} seconds."
        )
        self.retry_after_seconds = retry_after_seconds

    @property
    def headers(self) -> dict[str, str]:
        """``Retry-After`` in whole seconds (RFC 9110)."""
        return {"Retry-After": str(self.retry_after_seconds)}
