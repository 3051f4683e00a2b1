"""The generated "What changed" page: rules added, changed and withdrawn.

A version is compared with the release before it, both read from git tags by
:mod:`sitebuild.releases`; a build that is not a release compares the
working tree with the newest release. A changed rule shows a word diff of its
prose (title and body, code blocks left out).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from acacia_sop.catalog import Rule
from acacia_sop.release_tags import is_release, release_tags, version_key
from sitebuild.releases import WORKING_TREE, RuleSet, rules_at


@dataclass(frozen=True)
class RuleChanges:
    """What one version changed in the rules since an earlier one."""

    added: tuple[Rule, ...]
    changed: tuple[tuple[Rule, Rule], ...]
    withdrawn: tuple[Rule, ...]


def compare(old: RuleSet, new: RuleSet) -> RuleChanges:
    """The rules ``new`` adds, changes (prose differs) and withdraws."""
    return RuleChanges(
        added=tuple(rule for rule_id, rule in new.items() if rule_id not in old),
        changed=tuple(
            (old[rule_id], rule)
            for rule_id, rule in new.items()
            if rule_id in old and old[rule_id].text != rule.text
        ),
        withdrawn=tuple(rule for rule_id, rule in old.items() if rule_id not in new),
    )


def word_diff(old: str, new: str) -> str:
    """HTML of ``new`` with the words it dropped struck and those it added marked."""
    before, after = old.split(), new.split()
    parts: list[str] = []
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(html.escape(" ".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{html.escape(' '.join(before[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{html.escape(' '.join(after[j1:j2]))}</ins>")
    return " ".join(parts)


def previous_release(repo: Path, version: str | None) -> str | None:
    """The newest release tag before ``version`` (any tag when ``None``)."""
    tags = release_tags(repo)
    if version is not None and is_release(version):
        tags = [t for t in tags if version_key(t) < version_key(version)]
    return tags[-1] if tags else None


def _link(rule: Rule) -> str:
    return f"[{rule.rule_id}]({rule.page}#{rule.rule_id})"


def render_changes(changes: RuleChanges, since: str) -> list[str]:
    """The Markdown sections of a comparison with release ``since``."""
    lines = [
        f"Since {since}: {len(changes.added)} added, {len(changes.changed)} "
        f"changed, {len(changes.withdrawn)} withdrawn. Check a service against "
        f"just these rules with `acacia-sop check --since {since} PATH`.",
        "",
        "## Added",
        "",
    ]
    lines += [f"- {_link(r)} {r.title}" for r in changes.added] or ["None."]
    lines += ["", "## Changed", ""]
    for old, new in changes.changed:
        lines += [
            f"### {_link(new)} {new.title}",
            "",
            '<p class="word-diff" markdown="0">',
        ]
        lines += [word_diff(old.text, new.text), "</p>", ""]
    if not changes.changed:
        lines += ["None.", ""]
    lines += ["## Withdrawn", ""]
    lines += [f"- {r.rule_id} {r.title}" for r in changes.withdrawn] or ["None."]
    return lines


def render_what_changed(repo: Path, version: str | None) -> str:
    """The page for ``version`` (a release being built) or the working tree."""
    title = f"What changed in {version}" if version else "What changed"
    lines = [f"# {title}", ""]
    since = previous_release(repo, version)
    if since is None:
        return "\n".join(
            [*lines, "No earlier release in this checkout: every rule is new.", ""]
        )
    ref = version if version in release_tags(repo) else WORKING_TREE
    changes = compare(rules_at(repo, since), rules_at(repo, ref))
    return "\n".join([*lines, *render_changes(changes, since), ""])
