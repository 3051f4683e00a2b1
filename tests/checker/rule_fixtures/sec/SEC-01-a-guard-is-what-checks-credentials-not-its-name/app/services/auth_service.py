"""A service that signs users in: building it checks nobody's credentials."""

from app.api.dependencies import Database


class AuthService:
    """Signs users in against the users collection."""

    def __init__(self, database: Database) -> None:
        """Keep the database."""
        self.database = database


def get_auth_service(database: Database) -> AuthService:
    """Build the service for one request."""
    return AuthService(database)
