"""Admins and members, included without a guard."""

from fastapi import APIRouter
from pydantic import BaseModel

from app.core.guards import SignIn

router = APIRouter()


class AdminIn(BaseModel):
    """A new admin."""

    email: str
    password: str


class MemberIn(BaseModel):
    """A new member."""

    email: str
    password: str


@router.post("/admins/session")
async def admin_login(credentials: SignIn) -> dict[str, str]:
    """Sign in: open, as the token endpoint is."""
    return {"jwt": credentials.username}


@router.post("/admins/new")  # expect: SEC-01 "opens an account", API-06 "`POST /api/v1/admins/new` creates a resource and answers 200: set status_code=201"
async def admin_signup(admin: AdminIn) -> str:
    """A sign-up is a post that creates."""
    return admin.email


@router.post("/members", status_code=201)  # expect: SEC-01
async def join(member: MemberIn) -> str:
    """Another sign-up."""
    return member.email


@router.get("/", tags=["health"])
async def service_status() -> dict[str, str]:
    """A health check known by its tag is open."""
    return {"status": "ok"}


@router.get("/pings")
async def health_check() -> dict[str, str]:
    """A health check known by its name is open."""
    return {"status": "ok"}
