"""Authentication: check an email and password, issue a token, seed an admin.

Functions take the database and settings as parameters and raise domain
errors (:class:`~app.core.errors.AuthenticationError`), never HTTP errors.
"""

from __future__ import annotations

import logging

from app.core.config import Environment, Settings
from app.core.database import MongoDatabase
from app.core.errors import AuthenticationError
from app.core.security import (
    create_access_token,
    verify_dummy_password,
    verify_password,
)
from app.models.user import UserDocument
from app.schemas.user import TokenResponse, UserCreate, normalise_email
from app.services import login_throttle, user_service

logger = logging.getLogger(__name__)

INVALID_CREDENTIALS = "Incorrect email or password."


# --8<-- [start:authenticate_user]
async def authenticate_user(
    database: MongoDatabase, email: str, password: str
) -> UserDocument:
    """Return the user whose email and password match.

    An unknown email and a wrong password give the same error and take about
    the same time, so the endpoint does not reveal which emails exist.

    Raises:
        AuthenticationError: Unknown email or wrong password.
    """
    user = await user_service.find_user_by_email(database, normalise_email(email))
    if user is None or not user.password_hash:
        await verify_dummy_password(password)
        raise AuthenticationError(INVALID_CREDENTIALS)
    if not await verify_password(password, user.password_hash):
        logger.info("login failed", extra={"user_id": user.id})
        raise AuthenticationError(INVALID_CREDENTIALS)
    logger.info("login succeeded", extra={"user_id": user.id})
    return user


# --8<-- [end:authenticate_user]


async def login(
    database: MongoDatabase, username: str, password: str, settings: Settings
) -> TokenResponse:
    """Check the credentials and issue a token, backing off per account.

    Only failures count against the account (its normalised email); a
    success resets them (:mod:`app.services.login_throttle`).

    Raises:
        RateLimitExceededError: The account is waiting after failed logins.
        AuthenticationError: Unknown email or wrong password.
    """
    account = normalise_email(username)
    policy = login_throttle.BackoffPolicy.from_settings(settings)
    throttled = settings.RATE_LIMIT_ENABLED
    if throttled:
        await login_throttle.ensure_not_backing_off(database, account, policy)
    try:
        user = await authenticate_user(database, username, password)
    except AuthenticationError:
        if throttled:
            await login_throttle.record_failure(database, account, policy)
        raise
    if throttled:
        await login_throttle.reset(database, account)
    return issue_token(user, settings)


def issue_token(user: UserDocument, settings: Settings) -> TokenResponse:
    """Sign an access token for ``user``."""
    return TokenResponse(
        access_token=create_access_token(user.id, user.role, settings),
        expires_in=settings.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
    )


# --8<-- [start:ensure_first_admin]
async def ensure_first_admin(database: MongoDatabase, settings: Settings) -> bool:
    """Create the first admin from ``FIRST_ADMIN_*`` in development and test.

    Idempotent: does nothing when the email already exists, when either
    setting is empty, or in staging and production (admins there are created
    by an existing admin through the API). Safe with several workers: the
    insert is an upsert on the email, and the database is migrated (unique
    email index) before the app starts, by ``make api``, the test fixtures
    and Cloud Build's migration step.

    Returns:
        Whether a user was created.
    """
    email = settings.FIRST_ADMIN_EMAIL
    password = settings.FIRST_ADMIN_PASSWORD.get_secret_value()
    if settings.ENVIRONMENT not in (Environment.DEVELOPMENT, Environment.TEST):
        return False
    if not email or not password:
        return False
    data = UserCreate(
        email=email, full_name="First admin", password=password, role="admin"
    )
    if await user_service.find_user_by_email(database, data.email) is not None:
        return False  # the usual case: skip hashing the password
    user = await user_service.create_user_if_absent(database, data)
    if user is None:  # another worker created it first
        return False
    logger.info("first admin created", extra={"user_id": user.id})
    return True


# --8<-- [end:ensure_first_admin]
