"""Token modes: an enum member named for a token is not a secret."""

from enum import Enum


class TokenMode(str, Enum):
    """How a token is used."""

    access_token = "access_token"
    refresh_token = "refresh-token"
