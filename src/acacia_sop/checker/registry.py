"""Every automated check, registered once under its rule ID by :func:`check`.

A rule module decorates its check functions with the ID of the rule they
enforce; the title, severity and page come from the rule's page (the
:mod:`acacia_sop.catalog`). This module imports no rule module:
:func:`acacia_sop.checker.checks.all_checks` loads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from acacia_sop.catalog import rule
from acacia_sop.checker.model import Check, CheckFunction

CHECKS_BY_ID: dict[str, Check] = {}
"""Rule ID -> its check, in registration order (filled as rule modules load)."""


def check(
    rule_id: str, *, looks_at: str = "", tool: bool = False
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as the check of the rule ``rule_id``.

    ``tool=True`` registers the part that runs the service's own tools
    (``--run-tools``); a rule may have both parts, ``looks_at`` given once.
    An ID no page writes is a ``KeyError`` when the module loads.
    """
    written = rule(rule_id)

    def register(function: CheckFunction) -> CheckFunction:
        known = CHECKS_BY_ID.get(rule_id) or Check(written, looks_at, None)
        known = replace(known, tool=function) if tool else replace(known, run=function)
        CHECKS_BY_ID[rule_id] = replace(known, looks_at=looks_at or known.looks_at)
        return function

    return register
