"""Read ``MONGO_URI`` and ``SECRET_KEY`` from GCP Secret Manager.

Staging and production never keep these values in files or in the image.
Cloud Run can inject them as environment variables (``--set-secrets`` in the
Cloud Build files); any that is not set that way is read here, once at
start-up, with the runtime service account (``roles/secretmanager.secretAccessor``).
Development and test read them from the environment only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from pydantic import SecretStr

from app.core.config import Environment, Settings, StartupRefusedError

# --8<-- [start:secret_names]
SECRET_NAMES: dict[Environment, dict[str, str]] = {
    Environment.STAGING: {
        "MONGO_URI": "MONGO_URI_STAGING",
        "SECRET_KEY": "SECRET_KEY_STAGING",
    },
    Environment.PRODUCTION: {"MONGO_URI": "MONGO_URI", "SECRET_KEY": "SECRET_KEY"},
}
"""Settings field -> Secret Manager secret, per environment (as in Cloud Build)."""
# --8<-- [end:secret_names]


class SecretClient(Protocol):
    """The one method of ``SecretManagerServiceClient`` this module uses."""

    def access_secret_version(self, *, request: dict[str, str]) -> Any:
        """Return the secret version named in ``request["name"]``."""


def _default_client() -> SecretClient:
    """Build the real client (imported lazily: dev and test never need gRPC)."""
    from google.cloud import secretmanager

    client: SecretClient = secretmanager.SecretManagerServiceClient()
    return client


def secret_version_name(project_id: str, secret: str, version: str) -> str:
    """``projects/{project}/secrets/{secret}/versions/{version}``."""
    return f"projects/{project_id}/secrets/{secret}/versions/{version}"


# --8<-- [start:load_secrets]
def load_secrets(
    settings: Settings, client_factory: Callable[[], SecretClient] | None = None
) -> Settings:
    """Return ``settings`` with the secrets Secret Manager holds for its environment.

    Only fields not already set from the environment are fetched; nothing is
    fetched in development and test. Runs once, when the app is built, before
    it serves any request.

    Raises:
        StartupRefusedError: ``GCP_PROJECT_ID`` is missing or a secret cannot
            be read (the message names the secret, never its value).
    """
    names = SECRET_NAMES.get(settings.ENVIRONMENT, {})
    missing = [field for field in names if field not in settings.model_fields_set]
    if not missing:
        return settings
    if not settings.GCP_PROJECT_ID:
        raise StartupRefusedError(
            f"GCP_PROJECT_ID is required to read {', '.join(missing)} "
            "from Secret Manager"
        )
    client = (client_factory or _default_client)()
    values: dict[str, str] = {}
    for field in missing:
        name = secret_version_name(
            settings.GCP_PROJECT_ID, names[field], settings.SECRET_VERSION
        )
        try:
            response = client.access_secret_version(request={"name": name})
            values[field] = response.payload.data.decode("utf-8").strip()
        except Exception as error:
            raise StartupRefusedError(
                f"cannot read secret {name} ({type(error).__name__})"
            ) from error
    update: dict[str, Any] = dict(values)
    if "SECRET_KEY" in update:
        update["SECRET_KEY"] = SecretStr(update["SECRET_KEY"])
    return settings.model_copy(update=update)


# --8<-- [end:load_secrets]
