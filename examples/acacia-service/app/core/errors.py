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


class UserNotFoundError(DomainError):
    """No user has the requested public id."""

    def __init__(self, user_id: str) -> None:
        """Build the message from the missing ``user_id``."""
        super().__init__(f"User {user_id!r} was not found.")
        self.user_id = user_id


class DuplicateEmailError(DomainError):
    """Another user already has this email address."""

    def __init__(self, email: str) -> None:
        """Build the message from the conflicting ``email``."""
        super().__init__(f"A user with email {email!r} already exists.")
        self.email = email


class DatabaseUnavailableError(DomainError):
    """MongoDB did not answer in time."""
