"""The generated "What changed" page: rules added, changed and withdrawn.

A version is compared with the release before it, both read from git tags by
:mod:`sitebuild.releases`; a build that is not a release compares the
working tree with the newest release. A changed rule shows a word diff of its
prose (code blocks left out) as Markdown, its title only where it changed; a
withdrawn rule links to its last version.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from acacia_sop.catalog import Rule
from acacia_sop.release_tags import is_release, release_tags, version_key
from sitebuild.releases import WORKING_TREE, RuleSet, rules_at
from sitebuild.withdrawn import Withdrawal, last_version_href

WHAT_CHANGED_PAGE = "what-changed.md"
LEGEND = (
    "In each change, removed words are <del>struck through</del> and added "
    "words are <ins>underlined</ins>.\n{: .word-diff-legend }"
)


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


# An inline Markdown unit a diff never splits: a code span, a link, emphasis,
# else a word; with the spaces before it.
TOKEN = re.compile(
    r"(?P<space>\s*)(?P<token>`[^`]*`|!?\[[^\]]*\]\([^)\s]*\)"
    r"|\*\*[^*]+\*\*|\*[^*\s][^*]*\*|_[^_\s][^_]*_|\S+)"
)
LINK_TARGET = re.compile(r"(\]\()(?P<target>[^)\s]*)(\))")


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m["space"], m["token"]) for m in TOKEN.finditer(text)]


def word_diff(old: str, new: str) -> str:
    """Markdown of ``new`` with the words it dropped in ``<del>`` and those it
    added in ``<ins>``; code spans, links and emphasis stay whole."""
    before, after = _tokens(old), _tokens(new)
    parts: list[str] = []
    matcher = SequenceMatcher(
        a=[token for _, token in before],
        b=[token for _, token in after],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append("".join(space + token for space, token in after[j1:j2]))
            continue
        for kind, tokens in (("del", before[i1:i2]), ("ins", after[j1:j2])):
            if tokens:
                words = "".join(space + token for space, token in tokens).strip()
                parts.append(f" <{kind}>{words}</{kind}>")
    return re.sub(" {2,}", " ", "".join(parts)).strip()


def rebase_links(text: str, page: str) -> str:
    """``text`` from ``page`` with its relative links made relative to the docs
    root, where the What changed page is."""

    def rebase(match: re.Match[str]) -> str:
        target = match["target"]
        if not target or "://" in target or target.startswith(("/", "mailto:")):
            return match[0]
        path, hash_, anchor = target.partition("#")
        where = (
            posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            if path
            else page
        )
        return f"{match[1]}{where}{hash_}{anchor}{match[3]}"

    return LINK_TARGET.sub(rebase, text)


def body(rule: Rule) -> str:
    """A rule's prose after its title, links relative to the docs root."""
    title = " ".join(rule.title.split())
    text = rule.text.removeprefix(title).strip()
    return rebase_links(text, rule.page)


def previous_release(repo: Path, version: str | None) -> str | None:
    """The newest release tag before ``version`` (any tag when ``None``)."""
    tags = release_tags(repo)
    if version is not None and is_release(version):
        tags = [t for t in tags if version_key(t) < version_key(version)]
    return tags[-1] if tags else None


def _link(rule: Rule) -> str:
    return f"[{rule.rule_id}]({rule.page}#{rule.rule_id})"


def _title(rule: Rule) -> str:
    return rebase_links(rule.title, rule.page)


def _changed(old: Rule, new: Rule) -> list[str]:
    """A changed rule: its heading, then the word diff of what changed."""
    lines = [f"### {_link(new)} {_title(new)}", ""]
    if old.title != new.title:
        title = word_diff(_title(old), _title(new))
        lines += [f"Title: {title}", "{: .word-diff }", ""]
    if body(old) != body(new):
        lines += [word_diff(body(old), body(new)), "{: .word-diff }", ""]
    return lines


def _withdrawn(rule: Rule, since: str, version: str | None) -> str:
    """A withdrawn rule's line, linked to its last version in a versioned build."""
    withdrawal = Withdrawal(rule, since, version)
    href = last_version_href(withdrawal, version, WHAT_CHANGED_PAGE)
    name = f'<a href="{href}">{rule.rule_id}</a>' if href else rule.rule_id
    return f"- {name} {_title(rule)} (last in {since})"


def render_changes(
    changes: RuleChanges, since: str, version: str | None = None
) -> list[str]:
    """The Markdown sections of a comparison with release ``since``."""
    lines = [
        f"Since {since}: {len(changes.added)} added, {len(changes.changed)} "
        f"changed, {len(changes.withdrawn)} withdrawn. Check a service against "
        f"just these rules with `acacia-sop check --since {since} PATH`.",
        "",
        "## Added",
        "",
    ]
    lines += [f"- {_link(r)} {_title(r)}" for r in changes.added] or ["None."]
    lines += ["", "## Changed", ""]
    if changes.changed:
        lines += [LEGEND, ""]
    for old, new in changes.changed:
        lines += _changed(old, new)
    if not changes.changed:
        lines += ["None.", ""]
    lines += ["## Withdrawn", ""]
    lines += [_withdrawn(r, since, version) for r in changes.withdrawn] or ["None."]
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
    return "\n".join([*lines, *render_changes(changes, since, version), ""])
