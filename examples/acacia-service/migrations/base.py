"""Data types and discovery of migration modules."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType, ModuleType
from typing import Any

MIGRATION_MODULE = re.compile(r"^m\d{4}_[a-z0-9_]+$")
MIGRATIONS_COLLECTION = "schema-migrations"


@dataclass(frozen=True, slots=True)
class IndexDefinition:
    """One index, described as data so it can be applied and documented.

    Attributes:
        collection: Collection the index belongs to.
        keys: Ordered ``(field, direction)`` pairs, direction ``1`` or ``-1``.
        options: ``create_index`` options; ``name`` is required.
        purpose: One sentence saying which query or rule needs the index.
    """

    collection: str
    keys: tuple[tuple[str, int], ...]
    options: Mapping[str, Any] = field(default_factory=dict)
    purpose: str = ""

    def __post_init__(self) -> None:
        """Validate the definition and freeze ``options``."""
        if not self.keys:
            raise ValueError("an index needs at least one key")
        if any(direction not in (1, -1) for _, direction in self.keys):
            raise ValueError("index directions must be 1 or -1")
        if not self.options.get("name"):
            raise ValueError("every index needs an explicit options['name']")
        if not self.purpose:
            raise ValueError("every index needs a purpose sentence")
        object.__setattr__(self, "options", MappingProxyType(dict(self.options)))

    @property
    def name(self) -> str:
        """The index name (``options['name']``)."""
        return str(self.options["name"])


@dataclass(frozen=True, slots=True)
class Migration:
    """A loaded migration module."""

    name: str
    description: str
    indexes: tuple[IndexDefinition, ...]


def _as_migration(module: ModuleType, name: str) -> Migration:
    description = getattr(module, "DESCRIPTION", None)
    indexes = getattr(module, "INDEXES", None)
    if not isinstance(description, str) or not isinstance(indexes, list):
        raise TypeError(f"{name} must define DESCRIPTION: str and INDEXES: list")
    if not all(isinstance(index, IndexDefinition) for index in indexes):
        raise TypeError(f"{name}.INDEXES must only hold IndexDefinition")
    return Migration(name=name, description=description, indexes=tuple(indexes))


def load_migrations(package: str = "migrations") -> list[Migration]:
    """Import every ``mNNNN_*`` module of ``package``, sorted by name."""
    root = importlib.import_module(package)
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(root.__path__)
        if MIGRATION_MODULE.match(info.name)
    )
    return [
        _as_migration(importlib.import_module(f"{package}.{name}"), name)
        for name in names
    ]
