"""The SOP's released versions: the rules at each release tag, and their IDs.

A release is a git tag ``x.y`` (``make release VERSION=x.y``). The rules of a
release are read from the tag's ``docs/`` with
:func:`sitebuild.rule_blocks.rules_in_text`,
so every version is judged by the syntax the site itself uses.

``python -m sitebuild.releases check [NEXT]`` checks the rule-ID guarantees
across every release (and the working tree as ``NEXT``): an ID is never
renumbered (a rule keeps its ID) and never reused (a withdrawn ID never
comes back). It exits 1 with one line per broken guarantee.
``python -m sitebuild.releases record x.y`` writes the working tree's rules
into ``src/acacia_sop/checker/rule_history.json``, which the checker's
``--since`` reads.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitebuild.rule_blocks import FENCE, Rule, rules_in_text

RELEASE_TAG = re.compile(r"^(\d+)\.(\d+)$")
WORKING_TREE = "WORKTREE"
RULE_HISTORY = "src/acacia_sop/checker/rule_history.json"


@dataclass(frozen=True)
class ReleasedRule:
    """A rule as one version states it: its title and its prose."""

    rule_id: str
    page: str
    title: str
    text: str


# {rule ID: the rule}, in page order
RuleSet = dict[str, ReleasedRule]


def _prose(lines: list[str], rule: Rule) -> str:
    """The title and body of ``rule`` (its indented block), code fences left out."""
    indent = len(lines[rule.line - 1]) - len(lines[rule.line - 1].lstrip())
    words = [rule.title]
    in_fence = False
    for line in lines[rule.line :]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            words.append(line.strip())
    return " ".join(" ".join(words).split())


def rules_of_page(text: str, page: str) -> list[ReleasedRule]:
    """Every rule of one page with its prose."""
    lines = text.splitlines()
    return [
        ReleasedRule(rule.rule_id, page, rule.title, _prose(lines, rule))
        for rule in rules_in_text(text, page)
    ]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(  # noqa: S603 - git with our own arguments
        ["git", *args],  # noqa: S607 - the releaser's git, from PATH
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10"`` -> ``(1, 10)``: versions sort as numbers."""
    return tuple(map(int, version.split(".")))


def release_tags(repo: Path) -> list[str]:
    """Every ``x.y`` tag, oldest version first; none outside a git checkout."""
    try:
        listed = _git(repo, "tag", "--list").split()
    except subprocess.CalledProcessError:
        return []
    tags = [t for t in listed if RELEASE_TAG.match(t)]
    return sorted(tags, key=version_key)


def rules_at(repo: Path, ref: str) -> RuleSet:
    """The rules written in ``docs/`` at ``ref`` (or the working tree)."""
    rules: RuleSet = {}
    if ref == WORKING_TREE:
        pages = {
            p.relative_to(repo / "docs").as_posix(): p.read_text("utf-8")
            for p in sorted((repo / "docs").rglob("*.md"))
        }
    else:
        names = _git(repo, "ls-tree", "-r", "--name-only", ref, "docs/").split("\n")
        pages = {
            name.removeprefix("docs/"): _git(repo, "show", f"{ref}:{name}")
            for name in sorted(n for n in names if n.endswith(".md"))
        }
    for page, text in pages.items():
        rules.update((r.rule_id, r) for r in rules_of_page(text, page))
    return rules


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


def rule_digests(rules: RuleSet) -> dict[str, str]:
    """{rule ID: a digest of its prose}, as ``rule_history.json`` holds them."""
    return {
        rule_id: hashlib.sha256(rule.text.encode("utf-8")).hexdigest()[:16]
        for rule_id, rule in rules.items()
    }


def record(repo: Path, version: str) -> None:
    """Write the working tree's rules into the history as release ``version``."""
    path = repo / RULE_HISTORY
    history = json.loads(path.read_text("utf-8"))
    history[version] = rule_digests(rules_at(repo, WORKING_TREE))
    ordered = {v: history[v] for v in sorted(history, key=version_key)}
    path.write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")


USAGE = "usage: python -m sitebuild.releases check [NEXT] | record VERSION"


def main(argv: Sequence[str] | None = None) -> int:
    """``check [NEXT]`` (0 when every guarantee holds, else 1), ``record VERSION``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["record"] and len(args) == 2 and RELEASE_TAG.match(args[1]):
        record(Path.cwd(), args[1])
        return 0
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
