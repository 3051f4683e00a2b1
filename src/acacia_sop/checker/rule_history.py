"""Which rules changed since a released SOP version, from shipped data.

``rule_history.json`` beside this module maps each release (``x.y``) to a
digest of every rule's prose at that release. The release step records the
new version in it before tagging (``python -m acacia_sop.checker.rule_history
VERSION DOCS_DIR HISTORY_FILE``), so an installed checker knows every release
up to its own without git.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from importlib.resources import files
from pathlib import Path

from acacia_sop.catalog import CatalogError, Rule, read_rules, rule_pages
from acacia_sop.release_tags import is_release, version_key

USAGE = "usage: python -m acacia_sop.checker.rule_history VERSION DOCS_DIR HISTORY"


def rule_history() -> dict[str, dict[str, str]]:
    """{version: {rule ID: digest of its prose}} for every release."""
    text = files("acacia_sop.checker").joinpath("rule_history.json").read_text("utf-8")
    history: dict[str, dict[str, str]] = json.loads(text)
    return history


def changed_since(version: str) -> set[str]:
    """IDs of the rules added, changed or withdrawn after ``version``.

    Raises ``KeyError`` naming the released versions when ``version`` is not
    one of them.
    """
    history = rule_history()
    if version not in history:
        released = ", ".join(sorted(history, key=version_key)) or "none yet"
        raise KeyError(f"{version} is not a released SOP version ({released})")
    old, newest = history[version], history[max(history, key=version_key)]
    return {
        rule_id
        for rule_id in old.keys() | newest.keys()
        if old.get(rule_id) != newest.get(rule_id)
    }


def digests(rules: Iterable[Rule]) -> dict[str, str]:
    """{rule ID: a digest of its prose}, as the history holds them."""
    return {
        rule.rule_id: hashlib.sha256(rule.text.encode("utf-8")).hexdigest()[:16]
        for rule in rules
    }


def record(history_file: Path, version: str, rules: Iterable[Rule]) -> None:
    """Write ``rules`` into the history file as release ``version``."""
    history = json.loads(history_file.read_text("utf-8"))
    history[version] = digests(rules)
    ordered = {v: history[v] for v in sorted(history, key=version_key)}
    history_file.write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Record the rules of ``DOCS_DIR`` as ``VERSION``: 0, or 2 with one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3 or not is_release(args[0]):
        print(USAGE, file=sys.stderr)
        return 2
    version, docs, history_file = args
    try:
        rules = read_rules(rule_pages(Path(docs))).values()
        record(Path(history_file), version, rules)
    except (CatalogError, OSError, json.JSONDecodeError) as error:
        print(f"rule_history: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
