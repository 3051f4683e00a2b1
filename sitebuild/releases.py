"""The SOP's released versions: the rules at each release tag, and their IDs.

A release is a git tag ``x.y`` (``make release VERSION=x.y``). The rules of a
release are read from the tag's rule pages with the catalog's parser,
:func:`acacia_sop.catalog.rules_in_text`, so every version is judged by the
syntax the site and the checker use.

``python -m sitebuild.releases check [NEXT]`` checks the rule-ID guarantees
across every release (and the working tree as ``NEXT``): an ID is never
renumbered (a rule keeps its ID) and never reused (a withdrawn ID never
comes back). It exits 1 with one line per broken guarantee.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from acacia_sop.catalog import Rule, is_rule_page, read_rules, rule_pages
from acacia_sop.release_tags import release_tags

WORKING_TREE = "WORKTREE"
DOCS = "docs"

# {rule ID: the rule}, in page order
RuleSet = dict[str, Rule]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(  # noqa: S603 - git with our own arguments
        ["git", *args],  # noqa: S607 - the releaser's git, from PATH
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def rules_at(repo: Path, ref: str) -> RuleSet:
    """The rules of the rule pages in ``docs/`` at ``ref`` (or the working tree)."""
    if ref == WORKING_TREE:
        return read_rules(rule_pages(repo / DOCS))
    names = _git(repo, "ls-tree", "-r", "--name-only", ref, f"{DOCS}/").split("\n")
    pages = {
        name.removeprefix(f"{DOCS}/"): _git(repo, "show", f"{ref}:{name}")
        for name in sorted(names)
        if is_rule_page(name.removeprefix(f"{DOCS}/"))
    }
    return read_rules(pages)


def id_problems(history: Sequence[tuple[str, RuleSet]]) -> list[str]:
    """Broken rule-ID guarantees across versions, oldest version first.

    Renumbered: a rule's title appears under a new ID while its first ID is
    gone. Reused: an ID absent from a version comes back in a later one.
    """
    problems: list[str] = []
    seen: set[str] = set()
    withdrawn: dict[str, str] = {}  # ID -> the version that dropped it
    first_id: dict[str, str] = {}  # title -> the ID it was first released under
    for version, rules in history:
        for rule_id, rule in rules.items():
            if rule_id in withdrawn:
                problems.append(
                    f"{version}: {rule_id}, withdrawn in {withdrawn[rule_id]}, "
                    "is reused"
                )
            old_id = first_id.get(rule.title, rule_id)
            if old_id != rule_id and old_id not in rules:
                problems.append(f"{version}: {old_id} is renumbered {rule_id}")
        for rule_id in seen - set(rules):
            withdrawn.setdefault(rule_id, version)
        seen |= set(rules)
        for rule_id, rule in rules.items():
            first_id.setdefault(rule.title, rule_id)
    return problems


def release_history(
    repo: Path, next_version: str | None = None
) -> list[tuple[str, RuleSet]]:
    """Each release's rules, oldest first; the working tree last as ``next_version``."""
    history = [(tag, rules_at(repo, tag)) for tag in release_tags(repo)]
    if next_version is not None and next_version not in dict(history):
        history.append((next_version, rules_at(repo, WORKING_TREE)))
    return history


USAGE = "usage: python -m sitebuild.releases check [NEXT]"


def main(argv: Sequence[str] | None = None) -> int:
    """``check [NEXT]``: 0 when every guarantee holds, else 1."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] != ["check"] or len(args) > 2:
        print(USAGE, file=sys.stderr)
        return 2
    history = release_history(Path.cwd(), args[1] if len(args) == 2 else None)
    problems = id_problems(history)
    for problem in problems:
        print(f"rule IDs: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
