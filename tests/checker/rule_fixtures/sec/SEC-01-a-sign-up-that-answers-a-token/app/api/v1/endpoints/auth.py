"""Accounts, included without a guard."""

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(prefix="/auth")


class Credentials(BaseModel):
    """Who signs up."""

    email: str
    password: str


class Token(BaseModel):
    """A token."""

    access_token: str


@router.post("/register", status_code=201)  # expect: SEC-01 "`POST /api/v1/auth/register` opens an account", API-08
async def register(body: Credentials) -> Token:
    """A sign-up that answers a token is still a sign-up."""
    return Token(access_token=body.email)
