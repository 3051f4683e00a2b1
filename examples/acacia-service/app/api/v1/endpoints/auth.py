"""``POST /api/v1/auth/token``: the OAuth2 password flow.

The one endpoint besides health that needs no token, since it hands them out.
It is rate limited per client address; each account backs off
progressively after failed logins (see ``app.services.login_throttle``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form

from app.api.dependencies import AppSettings, Database, limit_token_requests
from app.api.errors import problem_doc
from app.schemas.user import MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, TokenResponse
from app.services import auth_service

router = APIRouter(prefix="/auth", tags=["auth"])


# --8<-- [start:token_endpoint]
@router.post(
    "/token",
    response_model=TokenResponse,
    dependencies=[Depends(limit_token_requests)],
    responses={
        401: problem_doc("Incorrect email or password."),
        429: problem_doc("Too many attempts from this address or on this account."),
    },
)
async def issue_token(
    database: Database,
    settings: AppSettings,
    username: Annotated[
        str,
        Form(
            min_length=3, max_length=MAX_EMAIL_LENGTH, description="The user's email."
        ),
    ],
    password: Annotated[str, Form(min_length=1, max_length=MAX_PASSWORD_LENGTH)],
) -> TokenResponse:
    """Exchange an email (``username``) and password for a bearer token."""
    return await auth_service.login(database, username, password, settings)


# --8<-- [end:token_endpoint]
