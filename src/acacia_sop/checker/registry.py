"""Every automated check, registered once with its rule ID by :func:`check`.

Each rule module decorates its check functions; the checklist's automated
flags, the ``check`` command and the site's pages all read
:data:`CHECKS_BY_ID`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from acacia_sop.checker.model import Check, CheckFunction

RULE_PAGES = {
    "STR": "sop/01-project-structure.md",
    "STY": "sop/02-code-style.md",
    "DB": "sop/03-mongodb.md",
    "API": "sop/04-fastapi.md",
    "TST": "sop/05-testing.md",
    "SEC": "sop/06-security.md",
    "PERF": "sop/07-performance.md",
    "DEP": "sop/08-deployment.md",
    "DOC": "sop/09-documentation.md",
    "WF": "sop/10-workflow.md",
    "CMP": "compliance.md",
}

CHECKS_BY_ID: dict[str, Check] = {}
"""Rule ID -> its check, in registration order (filled as rule modules load)."""


def check(
    rule_id: str, title: str = "", looks_at: str = "", *, tool: bool = False
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as the check of ``rule_id``.

    ``tool=True`` registers the part that runs the service's own tools
    (``--run-tools``); a rule may have both parts, its title given once.
    """

    def register(function: CheckFunction) -> CheckFunction:
        known = CHECKS_BY_ID.get(rule_id) or Check(rule_id, title, looks_at, None)
        known = replace(known, tool=function) if tool else replace(known, run=function)
        CHECKS_BY_ID[rule_id] = replace(
            known, title=title or known.title, looks_at=looks_at or known.looks_at
        )
        return function

    return register


def all_checks() -> tuple[Check, ...]:
    """Every registered check."""
    return tuple(CHECKS_BY_ID.values())


def rule_page(rule_id: str) -> str:
    """The site page that holds a rule, e.g. ``sop/03-mongodb.md``."""
    return RULE_PAGES[rule_id.split("-", 1)[0]]


def rule_link(rule_id: str, base: str = "") -> str:
    """A Markdown link to the rule's anchor on the site."""
    return f"[{rule_id}]({base}{rule_page(rule_id)}#{rule_id})"


# Loading the rule modules registers their checks (each decorates its own).
import acacia_sop.checker.rules  # noqa: E402, F401
