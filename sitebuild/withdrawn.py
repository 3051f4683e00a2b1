"""Withdrawn rules: IDs a release had that the pages no longer have.

A withdrawn ID keeps a stub at its old anchor, on the page it was on (or, if
that page is gone, the page of its prefix's rules): the version that withdrew
it, why, and a link to its last version. The why comes from
``sitebuild/withdrawn_rules.toml`` (``"DB-07" = "Merged into DB-02."``); a
withdrawn ID without one fails the build.
"""

from __future__ import annotations

import posixpath
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from acacia_sop.catalog import Rule, rule_pages
from sitebuild.releases import WORKING_TREE, RuleSet, release_history, rules_at

REASONS_FILE = "sitebuild/withdrawn_rules.toml"
INDEX_PAGE = "rules.md"


class MissingReasonError(ValueError):
    """A withdrawn rule ID has no reason in the reasons file."""


@dataclass(frozen=True)
class Withdrawal:
    """A rule ID that an earlier release had and this version does not."""

    rule: Rule
    """The rule as its last version wrote it."""
    last_version: str
    withdrawn_in: str | None
    """The release that dropped it; ``None`` while that release is unreleased."""


def withdrawals(repo: Path, version: str | None) -> list[Withdrawal]:
    """The withdrawn rules of ``version`` (a release) or of the working tree."""
    history = release_history(repo)
    versions = [name for name, _ in history]
    if version in versions:
        history = history[: versions.index(version) + 1]
    else:
        history.append((WORKING_TREE, rules_at(repo, WORKING_TREE)))
    current = history[-1][1]
    last: dict[str, tuple[int, Rule]] = {}
    for index, (_, rules) in enumerate(history[:-1]):
        for rule_id, rule in rules.items():
            last[rule_id] = (index, rule)
    found = []
    for rule_id, (index, rule) in last.items():
        if rule_id in current:
            continue
        dropped_by = history[index + 1][0]
        found.append(
            Withdrawal(
                rule,
                history[index][0],
                None if dropped_by == WORKING_TREE else dropped_by,
            )
        )
    return found


def reasons(repo: Path, withdrawn: list[Withdrawal]) -> dict[str, str]:
    """Why each rule was withdrawn; raises :class:`MissingReasonError` if one
    has no reason."""
    file = repo / REASONS_FILE
    given = tomllib.loads(file.read_text("utf-8")) if file.is_file() else {}
    missing = [
        w.rule.rule_id
        for w in withdrawn
        if not str(given.get(w.rule.rule_id, "")).strip()
    ]
    if missing:
        raise MissingReasonError(
            f"{REASONS_FILE} gives no reason for the withdrawn rule "
            f"{', '.join(missing)}: add one line per ID, e.g. "
            f'"{missing[0]}" = "Merged into ..."'
        )
    return {w.rule.rule_id: str(given[w.rule.rule_id]).strip() for w in withdrawn}


def stub_page(withdrawal: Withdrawal, current: RuleSet, pages: set[str]) -> str:
    """The page that keeps the stub: the rule's old page, else its prefix's."""
    if withdrawal.rule.page in pages:
        return withdrawal.rule.page
    prefix = withdrawal.rule.prefix
    return next(
        (rule.page for rule in current.values() if rule.prefix == prefix), INDEX_PAGE
    )


def page_url(page: str) -> str:
    """A docs page's directory URL: ``sop/03-mongodb.md`` -> ``sop/03-mongodb/``."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def last_version_href(
    withdrawal: Withdrawal, version: str | None, from_page: str
) -> str | None:
    """A link from ``from_page`` of ``version`` to the rule in its last version.

    Versions sit side by side (mike's ``<version>/`` folders), so the link
    exists only in a versioned build (``version`` given).
    """
    if version is None:
        return None
    here = posixpath.join(version, page_url(from_page))
    there = posixpath.join(withdrawal.last_version, page_url(withdrawal.rule.page))
    return f"{posixpath.relpath(there, here)}/#{withdrawal.rule.rule_id}"


def withdrawn_when(withdrawal: Withdrawal) -> str:
    """``withdrawn in 1.2``, or, before that release, ``withdrawn after 1.1``."""
    if withdrawal.withdrawn_in is None:
        return f"withdrawn after {withdrawal.last_version}"
    return f"withdrawn in {withdrawal.withdrawn_in}"


def render_stubs(
    stubs: list[Withdrawal], why: dict[str, str], version: str | None, page: str
) -> str:
    """The Markdown section of a page's withdrawn rules, each at its old anchor."""
    lines = ["", "## Withdrawn rules", ""]
    for withdrawal in stubs:
        rule = withdrawal.rule
        href = last_version_href(withdrawal, version, page)
        last = (
            f'<a href="{href}">its last version, in {withdrawal.last_version}</a>'
            if href
            else f"its last version is in {withdrawal.last_version}"
        )
        lines += [
            f"### {rule.rule_id} · {rule.title} {{#{rule.rule_id} .withdrawn-rule}}",
            "",
            f"**{withdrawn_when(withdrawal).capitalize()}**: {why[rule.rule_id]} "
            f"Read {last}.",
            "",
        ]
    return "\n".join(lines)


@cache
def stubs_by_page(repo: Path, version: str | None) -> dict[str, str]:
    """Each page's withdrawn-rules section (read once per build)."""
    found = withdrawals(repo, version)
    why = reasons(repo, found)
    current = rules_at(repo, WORKING_TREE)
    pages = set(rule_pages(repo / "docs"))
    grouped: dict[str, list[Withdrawal]] = {}
    for withdrawal in found:
        grouped.setdefault(stub_page(withdrawal, current, pages), []).append(withdrawal)
    return {
        page: render_stubs(stubs, why, version, page) for page, stubs in grouped.items()
    }


def forget_withdrawals() -> None:
    """Read the releases again on the next build (``mkdocs serve``)."""
    stubs_by_page.cache_clear()
