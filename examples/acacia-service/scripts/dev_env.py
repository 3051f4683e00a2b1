"""``.env.development``: written on the first ``make api``, never committed.

The file starts as a copy of ``.env.example`` with local values, a random
``SECRET_KEY`` and a random first-admin password, so no secret is ever in the
repository (DEP-01, SEC-07). It is git-ignored; delete it to get new secrets.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

LOCAL_VALUES = {
    "ENVIRONMENT": "development",
    "MONGO_URI": "mongodb://127.0.0.1:27018/",
    "MONGO_MAX_POOL_SIZE": "20",
    "MONGO_SERVER_SELECTION_TIMEOUT_MS": "3000",
    "MONGO_CONNECT_TIMEOUT_MS": "3000",
    "FIRST_ADMIN_EMAIL": "admin@acacia.io",
    "CORS_ALLOW_ORIGINS": "http://localhost:3000,http://127.0.0.1:3000",
    "FEATURE_FLAGS": (
        '{"profile-insights": {"rollout_percent": 50, '
        '"variants": ["control", "treatment"]}}'
    ),
}
"""Development values that differ from ``.env.example``; none of them secret."""


@dataclass(frozen=True)
class FirstAdmin:
    """The development admin whose password was just generated."""

    email: str
    password: str


def development_env(example: str, secret_key: str, admin_password: str) -> str:
    """``example`` (the text of ``.env.example``) with local values and secrets."""
    values = {
        **LOCAL_VALUES,
        "SECRET_KEY": secret_key,
        "FIRST_ADMIN_PASSWORD": admin_password,
    }
    lines = [
        "# Written by `make api` from .env.example; git-ignored, never commit it.",
        "# Delete it to generate a new SECRET_KEY and first-admin password.",
    ]
    for line in example.splitlines():
        name, equals, _value = line.partition("=")
        if equals and not line.startswith("#") and name in values:
            line = f"{name}={values[name]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def ensure_development_env(service_root: Path) -> FirstAdmin | None:
    """Write ``.env.development`` unless it exists; return the new admin if so."""
    target = service_root / ".env.development"
    if target.exists():
        return None
    password = secrets.token_urlsafe(18)
    text = development_env(
        (service_root / ".env.example").read_text(encoding="utf-8"),
        secret_key=secrets.token_urlsafe(48),
        admin_password=password,
    )
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    return FirstAdmin(email=LOCAL_VALUES["FIRST_ADMIN_EMAIL"], password=password)


def first_run_message(admin: FirstAdmin) -> str:
    """What ``make api`` prints once, when it has just created the file."""
    return (
        "created .env.development (git-ignored) with a random SECRET_KEY; "
        f"first admin: {admin.email} / {admin.password} "
        "(shown once; it stays in .env.development)"
    )
