"""Load every rule module of :mod:`acacia_sop.checker.rules` and its checks.

A rule module is a module of that package whose name is not private
(``db.py`` holds the DB-xx checks); shared helpers live in ``_``-named
modules. Loading is done once, on first use.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from acacia_sop.checker import rules
from acacia_sop.checker.model import Check
from acacia_sop.checker.registry import CHECKS_BY_ID


def rule_modules() -> list[str]:
    """The full names of the rule modules, sorted."""
    return sorted(
        module.name
        for module in pkgutil.iter_modules(rules.__path__, f"{rules.__name__}.")
        if not module.name.rpartition(".")[2].startswith("_")
    )


@cache
def all_checks() -> Mapping[str, Check]:
    """Rule ID -> its check, every rule module loaded."""
    for name in rule_modules():
        importlib.import_module(name)
    return MappingProxyType(CHECKS_BY_ID)
