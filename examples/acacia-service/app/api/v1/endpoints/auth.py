"""``POST /api/v1/auth/token``: the OAuth2 password flow.

The one endpoint besides health that needs no token, since it hands them out.
It is rate limited per client address and per account (the normalised
username), with counters in MongoDB.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form

from app.api.dependencies import (
    AppSettings,
    Database,
    limit_token_requests,
    limit_token_requests_per_account,
)
from app.api.errors import problem_doc
from app.schemas.user import MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, TokenResponse
from app.services import auth_service

router = APIRouter(prefix="/auth", tags=["auth"])


# --8<-- [start:token_endpoint]
@router.post(
    "/token",
    response_model=TokenResponse,
    dependencies=[
        Depends(limit_token_requests),
        Depends(limit_token_requests_per_account),
    ],
    responses={
        401: problem_doc("Incorrect email or password."),
        429: problem_doc("Too many attempts; see Retry-After."),
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
    user = await auth_service.authenticate_user(database, username, password)
    return auth_service.issue_token(user, settings)


# --8<-- [end:token_endpoint]
