"""Auth schemes subclassed, as public services write them."""

from fastapi.security import HTTPBasicCredentials, HTTPBearer


class TokenChecker(HTTPBearer):
    """A bearer-token scheme."""


class Listener(TokenChecker):
    """A scheme subclassed twice."""


token_listener = Listener()


class SignIn(HTTPBasicCredentials):
    """User name and password."""
