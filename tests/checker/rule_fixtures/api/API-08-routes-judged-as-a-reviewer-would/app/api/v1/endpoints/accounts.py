"""Routes as real services write them, judged as a reviewer would."""

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from app.api.dependencies import CurrentUser

router = APIRouter()


class Session(BaseModel):
    access_token: str


class NewAccount(BaseModel):
    email: str
    password: str


@router.post("/accounts", status_code=201)  # expect: SEC-01 "`POST /api/v1/accounts` opens an account without a token: only health and the token endpoint are open; guard it, or record the open sign-up as a deviation"
async def open_account(body: NewAccount) -> str:
    return body.email


@router.get("/ab-test-results")
async def ab_tests(user: CurrentUser) -> list[str]:
    return []


@router.get("/inventory")
async def inventory(user: CurrentUser) -> list[str]:
    return []


@router.get("/account/settings")
async def account_settings(user: CurrentUser) -> list[str]:
    return []


@router.post("/sessions")
async def open_session(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Session:
    return Session(access_token=form.username)


@router.post("/accounts/password-recovery/{email}")
async def recover_password(email: str) -> None:
    return None


@router.post("/users", status_code=201)
async def create_user(user: CurrentUser) -> str:
    return user


@router.get("/users/me")
async def read_me(user: CurrentUser) -> str:
    return user


@router.post("/users/me/password")
async def change_password(user: CurrentUser) -> None:
    return None


@router.get("/admin/users")
async def list_all_users(user: CurrentUser) -> list[str]:
    return []


@router.get("/utils/versions")
async def versions(user: CurrentUser) -> list[str]:
    return []


@router.post("/items")  # expect: API-06 "creates a resource and answers 200"
async def add_item(user: CurrentUser) -> str:
    return user


@router.get("/user/{user_id}")  # expect: API-07 "use a plural noun instead of user"
async def get_user(user_id: str, user: CurrentUser) -> str:
    return user_id


@router.post("/users/{user_id}/reset-password")  # expect: API-08 "from reset-password"
async def reset(user_id: str, user: CurrentUser) -> None:
    return None


@router.post("/tokens/revoke")  # expect: API-08 "from revoke;"
async def revoke(user: CurrentUser) -> None:
    return None


@router.patch("/users/{user_id}/toggle-state")  # expect: API-08 "from toggle-state"
async def toggle(user_id: str, user: CurrentUser) -> None:
    return None


@router.post("/signup", status_code=201)  # expect: API-08 "from signup;"
async def signup(user: CurrentUser) -> None:
    return None


@router.post("/login")  # expect: API-08 "from login;"
async def login(user: CurrentUser) -> None:
    return None
