"""Where the service configures ruff, and its settings."""

from __future__ import annotations

from typing import Any

from acacia_sop.checker.repo import ServiceRepo


def ruff_config(repo: ServiceRepo) -> tuple[str, dict[str, Any]] | None:
    """Where ruff is configured and its settings: ruff.toml or pyproject.toml."""
    for name in ("ruff.toml", ".ruff.toml"):
        config = repo.toml(name)
        if config is not None:
            return name, config
    config = repo.tool_config("ruff")
    return ("pyproject.toml", config) if config is not None else None
