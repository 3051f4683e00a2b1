"""A new service's answers: its name and what follows from it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

MAX_NAME_LENGTH = 49
"""Cloud Run's limit on a service name."""

_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
_SERVICE_ACCOUNT_MAX, _SERVICE_ACCOUNT_MIN = 22, 6
"""A service account ID has 6 to 30 characters; ``-staging`` takes 8."""


class InvalidAnswerError(ValueError):
    """A NAME or description the starter refuses (one clear line)."""


@dataclass(frozen=True)
class ServiceAnswers:
    """The values substituted into the template.

    ``project_slug`` names the databases (``<project_slug>-dev``, ``-test``,
    ``-staging``, ``-prod``, SOP DB-06) and the tokens' audience.
    """

    service_name: str
    project_slug: str
    title: str
    description: str
    service_account: str

    def as_data(self) -> dict[str, str]:
        """The answers as copier data."""
        return asdict(self)


REFERENCE_ANSWERS = ServiceAnswers(
    service_name="acacia-analytics-api",
    project_slug="acacia-analytics",
    title="Acacia Analytics API",
    description=(
        "Acacia Analytics reference FastAPI + MongoDB service used by the SOP "
        "documentation site."
    ),
    service_account="acacia-api",
)
"""The reference service's own answers: rendering with them gives it back."""


def validate_name(name: str) -> str:
    """Return ``name`` when it is a valid Cloud Run service name, else raise."""
    if not name:
        raise InvalidAnswerError("NAME is empty; use kebab-case, e.g. payments-api")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidAnswerError(
            f"NAME {name!r} has {len(name)} characters; "
            f"Cloud Run allows at most {MAX_NAME_LENGTH}"
        )
    if not _NAME_PATTERN.match(name) or name.endswith("-") or "--" in name:
        raise InvalidAnswerError(
            f"NAME {name!r} is not kebab-case: lowercase letters, digits and "
            "single hyphens, starting with a letter (e.g. payments-api)"
        )
    return name


def validate_description(description: str) -> str:
    """Return ``description`` when it fits on one line of TOML and Markdown."""
    if not description.strip():
        raise InvalidAnswerError("--description is empty")
    if any(char in description for char in '"\\') or not description.isprintable():
        raise InvalidAnswerError(
            "--description must be one printable line without quotes or backslashes"
        )
    return description.strip()


def _title(name: str) -> str:
    words = name.split("-")
    return " ".join("API" if word == "api" else word.capitalize() for word in words)


def _project_slug(name: str) -> str:
    return name.removesuffix("-api") or name


def _service_account(name: str) -> str:
    account = name[:_SERVICE_ACCOUNT_MAX].rstrip("-")
    return account if len(account) >= _SERVICE_ACCOUNT_MIN else f"{account}-service"


def answers_for(name: str, description: str | None = None) -> ServiceAnswers:
    """The answers for a new service called ``name`` (raises on bad input)."""
    validate_name(name)
    title = _title(name)
    return ServiceAnswers(
        service_name=name,
        project_slug=_project_slug(name),
        title=title,
        description=validate_description(
            description
            if description is not None
            else f"{title}: a FastAPI + MongoDB service following the Acacia SOP."
        ),
        service_account=_service_account(name),
    )
