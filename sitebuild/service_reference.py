"""Pages generated from the reference service's code at build time.

The index catalogue comes from the migration scripts, the configuration
reference from the ``Settings`` class and ``.env.example``, and the API
reference from the service's modules (rendered by mkdocstrings). Each takes
the service's folder, :func:`service_dir` of the repository root.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, get_origin

from pydantic import SecretStr
from pydantic.fields import FieldInfo

SERVICE = "examples/acacia-service"
SERVICE_PACKAGES = frozenset({"app", "migrations"})


def service_dir(root: Path) -> Path:
    """The reference service's folder in the repository at ``root``."""
    return root / SERVICE


@contextmanager
def service_importable(service_dir: Path) -> Iterator[None]:
    """Make the service's top-level packages (``app``, ``migrations``) importable.

    Modules imported by an earlier build are forgotten first, so ``mkdocs serve``
    regenerates the pages from the files as they are now.
    """
    for name in [m for m in sys.modules if m.split(".")[0] in SERVICE_PACKAGES]:
        del sys.modules[name]
    sys.path.insert(0, str(service_dir))
    try:
        yield
    finally:
        sys.path.remove(str(service_dir))


def env_example_comments(text: str) -> dict[str, str]:
    """Map each ``NAME=value`` of an ``.env.example`` to the comment above it."""
    comments: dict[str, str] = {}
    pending: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            pending.append(line.lstrip("# ").strip())
        elif "=" in line:
            comments[line.split("=", 1)[0].strip()] = " ".join(pending)
            pending = []
        else:
            pending = []
    return comments


def _type_name(annotation: Any) -> str:  # noqa: ANN401 - any annotation object
    """``int``, ``list[str]``, ``Literal['HS256']``: generics keep their arguments."""
    if get_origin(annotation) is None and hasattr(annotation, "__name__"):
        return str(annotation.__name__)
    return re.sub(r"\b(?:\w+\.)+(\w+)", r"\1", str(annotation))


def _default(field: FieldInfo) -> str:
    """How a setting's default reads in the table."""
    if field.is_required():
        return "(required)"
    default = field.default
    if isinstance(default, SecretStr):
        default = default.get_secret_value()
    shown = getattr(default, "value", default)  # enums show their value
    return f"`{shown}`" if shown not in ("", None, [], {}) else "(empty)"


def _constraints(metadata: list[Any]) -> str:
    parts = []
    for item in metadata:
        for name in ("ge", "gt", "le", "lt", "pattern"):
            value = getattr(item, name, None)
            if value is not None:
                parts.append(f"{name}={value}")
    return ", ".join(parts)


def render_config_reference(service_dir: Path) -> str:
    """A table of every setting: type, default, constraints and meaning."""
    with service_importable(service_dir):
        settings_cls = importlib.import_module("app.core.config").Settings
    comments = env_example_comments(
        (service_dir / ".env.example").read_text(encoding="utf-8")
    )
    lines = [
        "# Configuration reference",
        "",
        "Generated at build time from `app/core/config.py` (the `Settings` class)",
        "and the comments in `.env.example`; a test fails when the two diverge.",
        "Every variable is read from the environment; in development also from",
        "`.env.development`. In staging and production, secrets come from GCP",
        "Secret Manager ([SEC rules](../sop/06-security.md)).",
        "",
        "| Variable | Type | Default | Constraints | Meaning |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, field in settings_cls.model_fields.items():
        constraints = _constraints(list(field.metadata))
        cells = [
            f"`{name}`",
            f"`{_type_name(field.annotation)}`",
            _default(field),
            f"`{constraints}`" if constraints else "-",
            comments.get(name, "") or "-",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def render_index_catalogue(service_dir: Path) -> str:
    """The index page: every index of every collection, from the migrations."""
    with service_importable(service_dir):
        body = importlib.import_module("migrations.catalog").render_index_markdown()
    return "\n".join(
        [
            "# MongoDB indexes",
            "",
            "Generated at build time from the reference service's migration",
            "scripts (`examples/acacia-service/migrations/`), so this page cannot",
            "drift from what `python -m migrations apply` creates. Each index",
            "states its purpose, as [DB rules](../sop/03-mongodb.md) require.",
            "",
            str(body),
        ]
    )


def service_modules(service_dir: Path) -> list[str]:
    """Dotted names of the service's ``app`` modules (packages left out)."""
    modules = []
    for path in sorted((service_dir / "app").rglob("*.py")):
        if path.name != "__init__.py":
            relative = path.relative_to(service_dir).with_suffix("")
            modules.append(".".join(relative.parts))
    return modules


def render_api_reference(service_dir: Path) -> str:
    """The reference service's modules, documented from their docstrings."""
    lines = [
        "# Reference service API",
        "",
        "Generated by mkdocstrings from the docstrings of",
        "`examples/acacia-service/app/`. The HTTP API itself is documented by",
        "FastAPI at `/docs` when the service runs (`make api`).",
        "",
    ]
    for module in service_modules(service_dir):
        lines.extend([f"::: {module}", ""])
    return "\n".join(lines)
