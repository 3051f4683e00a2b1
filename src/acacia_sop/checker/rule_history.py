"""Which rules changed since a released SOP version, from shipped data.

``rule_history.json`` beside this module maps each release (``x.y``) to a
digest of every rule's prose at that release. ``make release`` records the
new version in it before tagging, so an installed checker knows every release
up to its own without git.
"""

from __future__ import annotations

import json
from importlib.resources import files


def rule_history() -> dict[str, dict[str, str]]:
    """{version: {rule ID: digest of its prose}} for every release."""
    text = files("acacia_sop.checker").joinpath("rule_history.json").read_text("utf-8")
    history: dict[str, dict[str, str]] = json.loads(text)
    return history


def _key(version: str) -> tuple[int, ...]:
    return tuple(map(int, version.split(".")))


def changed_since(version: str) -> set[str]:
    """IDs of the rules added, changed or withdrawn after ``version``.

    Raises ``KeyError`` naming the released versions when ``version`` is not
    one of them.
    """
    history = rule_history()
    if version not in history:
        released = ", ".join(sorted(history, key=_key)) or "none yet"
        raise KeyError(f"{version} is not a released SOP version ({released})")
    old, newest = history[version], history[max(history, key=_key)]
    return {
        rule_id
        for rule_id in old.keys() | newest.keys()
        if old.get(rule_id) != newest.get(rule_id)
    }
