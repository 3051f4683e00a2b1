"""OAuth2 password flow issuing JWTs, and a bearer dependency that checks them.

Passwords are hashed with Argon2 (pwdlib); tokens are signed with HS256
(PyJWT) and expire. Run it: ``python oauth2_jwt.py``, then POST
``username=ada@acacia.example&password=correct horse battery staple`` to
http://127.0.0.1:8000/token and send the token to /me (``PORT`` changes the port).
"""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated

import jwt
import uvicorn
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pwdlib import PasswordHash

SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(32)
TOKEN_LIFETIME = timedelta(minutes=15)
password_hash = PasswordHash.recommended()  # Argon2id
DEMO_PASSWORD = "correct horse battery staple"  # noqa: S105 - the demo account
USERS = {"ada@acacia.example": password_hash.hash(DEMO_PASSWORD)}

app = FastAPI(title="Acacia OAuth2 snippet")
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


@app.post("/token")
async def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> dict[str, str]:
    stored = USERS.get(form.username)
    if stored is None or not password_hash.verify(form.password, stored):
        raise HTTPException(401, "wrong username or password")
    expires = datetime.now(UTC) + TOKEN_LIFETIME
    token = jwt.encode({"sub": form.username, "exp": expires}, SECRET_KEY, "HS256")
    return {"access_token": token, "token_type": "bearer"}


# --8<-- [start:bearer_dependency]
async def current_user(token: Annotated[str, Depends(oauth2_scheme)]) -> str:
    """The token's subject; 401 for a missing, forged or expired token."""
    try:
        claims = jwt.decode(token, SECRET_KEY, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        raise HTTPException(401, "invalid token") from None
    return str(claims["sub"])


# --8<-- [end:bearer_dependency]


@app.get("/me")
async def me(user: Annotated[str, Depends(current_user)]) -> dict[str, str]:
    return {"email": user}


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
