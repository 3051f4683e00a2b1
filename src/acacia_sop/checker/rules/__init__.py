"""The rule modules; importing this package registers every check."""

from acacia_sop.checker.rules import (
    api,
    database,
    deploy,
    lock,
    middleware,
    performance,
    project,
    quality,
    secrets,
    testing,
    tools,
)

__all__ = [
    "api",
    "database",
    "deploy",
    "lock",
    "middleware",
    "performance",
    "project",
    "quality",
    "secrets",
    "testing",
    "tools",
]
