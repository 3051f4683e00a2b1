"""The SOP's rules, parsed once from its pages: ID, title, text, why, severity.

A rule is a rule box on a section page (``sop/*.md``) or on ``compliance.md``,
an admonition whose title starts with its ID::

    !!! rule "PERF-04 · Implement proper error handling and timeouts"

        The rule's text, any Markdown.

        **Why:** a hung request holds an instance until Cloud Run kills it.

        **Severity:** warning

The ``**Why:**`` paragraph says why the rule exists, in the SOP's words;
``**Why (our reading):**`` marks a why the SOP does not give, the failure
the rule prevents as this site reads it. ``**Severity:**``
(``error``, ``warning`` or ``note``; ``error`` when absent) says how much a
broken rule weighs in ``acacia-sop check``. The pages ship inside the wheel
(``acacia_sop/pages``), so the checker, the site and What changed all read
the rules from the same text through :func:`rules_in_text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from acacia_sop.markdown import parse

RULE_ID_PATTERN = r"[A-Z]{2,4}-\d{2}"
RULE_ID = re.compile(rf"^{RULE_ID_PATTERN}$")
SECTIONS_DIR = "sop"
COMPLIANCE_PAGE = "compliance.md"
TITLE_SEPARATOR = " · "
WHY_MARK = "Why:"
OUR_WHY_MARK = "Why (our reading):"
SEVERITY_MARK = "Severity:"
PARAGRAPH_PARTS = frozenset(
    {"inline", "paragraph_open", "paragraph_close", "admonition_title_close"}
)
PLAIN_PARTS = frozenset({"text", "code_inline", "html_inline"})
DEFAULT_SITE_URL = "https://sop.acacia-analytics.internal/"
"""The hosted SOP site that reports link rules to, unless a service names another."""


class Severity(StrEnum):
    """How much a broken rule weighs: ``error`` unless its page says otherwise."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    def at_least(self, other: Severity) -> bool:
        """Whether it weighs at least ``other``: error > warning > note."""
        order = list(Severity)
        return order.index(self) <= order.index(other)


class CatalogError(ValueError):
    """A rule box the catalog cannot read; the message names page and line."""


@dataclass(frozen=True)
class Rule:
    """One SOP rule as its page writes it."""

    rule_id: str
    title: str
    """The statement after the ID, as written (inline Markdown)."""
    page: str
    """The page that holds it, e.g. ``sop/03-mongodb.md``."""
    line: int
    """1-based line of its ``!!! rule`` marker."""
    text: str
    """Its prose: title and body, code blocks left out, spaces collapsed."""
    why: str = ""
    """Why the rule exists (inline Markdown), empty when the page gives none."""
    severity: Severity = Severity.ERROR
    why_end: int = field(default=0, compare=False)
    """0-based line after the why paragraph (0: none), for the site's renderer."""
    severity_end: int = field(default=0, compare=False)
    """0-based line after the severity paragraph (0: none)."""
    why_is_ours: bool = False
    """Whether the why is our reading (the SOP gives none), not the SOP's."""
    title_only: bool = field(default=False, compare=False)
    """Whether the box holds only its title (and its severity): no text."""

    @property
    def prefix(self) -> str:
        """The area prefix of the ID, for example ``DB`` for ``DB-03``."""
        return self.rule_id.split("-", 1)[0]

    @property
    def plain_title(self) -> str:
        """The title as text, as the site shows it (for terminals and JSON)."""
        return plain_text(self.title)


@cache
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def plain_text(markdown: str) -> str:
    """Inline Markdown as the text a browser shows: marks and link targets dropped."""
    (line,) = _inline_parser().parseInline(markdown)
    return "".join(
        " " if part.type == "softbreak" else part.content
        for part in line.children or []
        if part.type in PLAIN_PARTS or part.type == "softbreak"
    )


def _boxes(tokens: list[Token]) -> Iterator[list[Token]]:
    """The tokens of each rule box, its ``admonition_open`` first."""
    for start, token in enumerate(tokens):
        if token.type == "admonition_open" and token.meta.get("tag") == "rule":
            end = next(
                index
                for index in range(start + 1, len(tokens))
                if tokens[index].type == "admonition_close"
                and tokens[index].level == token.level
            )
            yield tokens[start:end]


def _marked(inline: Token, mark: str) -> str | None:
    """The rest of a paragraph that opens with ``**mark**``, else ``None``."""
    parts = [part for part in inline.children or [] if part.content or part.markup]
    opens = [part.type for part in parts[:3]] == [
        "strong_open",
        "text",
        "strong_close",
    ]
    if not opens or parts[1].content != mark:
        return None
    return inline.content.removeprefix(parts[0].markup + mark + parts[2].markup).strip()


def _rule(box: list[Token], page: str) -> Rule:
    opening = box[0]
    assert opening.map is not None  # block tokens always carry their lines
    line = opening.map[0] + 1
    rule_id, separator, title = opening.content.partition(TITLE_SEPARATOR)
    if not separator or not RULE_ID.match(rule_id) or not title.strip():
        raise CatalogError(
            f'{page}:{line}: a rule box\'s title is "ID · statement", '
            f"not {opening.content!r}"
        )
    why, severity, why_end, severity_end = "", Severity.ERROR, 0, 0
    why_is_ours, title_only = False, True
    words = [title]
    for index, token in enumerate(box[3:], start=3):  # past the title
        if token.type not in PARAGRAPH_PARTS:
            title_only = False
        if token.type != "inline":
            continue
        direct = box[index - 1].level == opening.level + 1
        ours = _marked(token, OUR_WHY_MARK) if direct else None
        value = _marked(token, WHY_MARK) if direct and ours is None else ours
        level = _marked(token, SEVERITY_MARK) if direct else None
        title_only = title_only and level is not None
        if value is not None and token.map:
            why, why_end = " ".join(value.split()), token.map[1]
            why_is_ours = ours is not None
        if level is not None and token.map:
            if level not in set(Severity):
                raise CatalogError(
                    f"{page}:{token.map[0] + 1}: {rule_id}'s severity is one of "
                    f"{', '.join(Severity)}, not {level!r}"
                )
            severity, severity_end = Severity(level), token.map[1]
        words.append(token.content)
    return Rule(
        rule_id,
        title.strip(),
        page,
        line,
        " ".join(" ".join(words).split()),
        why,
        severity,
        why_end,
        severity_end,
        why_is_ours,
        title_only,
    )


def rules_in_text(text: str, page: str) -> list[Rule]:
    """The rules one page's Markdown writes, in page order."""
    return [_rule(box, page) for box in _boxes(parse(text))]


def is_rule_page(page: str) -> bool:
    """Whether a page (relative to the docs) is one that holds rules."""
    parent, _, name = page.rpartition("/")
    return page == COMPLIANCE_PAGE or (parent == SECTIONS_DIR and name.endswith(".md"))


def rule_pages(root: Traversable) -> dict[str, str]:
    """{page: its text} of every rule page under ``root`` (the docs), in order."""
    sections = root.joinpath(SECTIONS_DIR)
    entries = sections.iterdir() if sections.is_dir() else iter(())
    pages = {
        f"{SECTIONS_DIR}/{entry.name}": entry.read_text("utf-8")
        for entry in sorted(entries, key=lambda entry: entry.name)
        if entry.is_file() and is_rule_page(f"{SECTIONS_DIR}/{entry.name}")
    }
    compliance = root.joinpath(COMPLIANCE_PAGE)
    if compliance.is_file():
        pages[COMPLIANCE_PAGE] = compliance.read_text("utf-8")
    return pages


def read_rules(pages: Mapping[str, str]) -> dict[str, Rule]:
    """{rule ID: rule} of ``{page: text}``, in page order; an ID is written once."""
    rules: dict[str, Rule] = {}
    for page, text in pages.items():
        for rule in rules_in_text(text, page):
            if rule.rule_id in rules:
                first = rules[rule.rule_id]
                raise CatalogError(
                    f"{page}:{rule.line}: {rule.rule_id} is already "
                    f"{first.page}:{first.line}"
                )
            rules[rule.rule_id] = rule
    return rules


@cache
def catalog() -> Mapping[str, Rule]:
    """{rule ID: rule} of the pages shipped with the package, in page order."""
    return read_rules(rule_pages(files("acacia_sop").joinpath("pages")))


def rule(rule_id: str) -> Rule:
    """The rule ``rule_id``; ``KeyError`` saying so when no page writes it."""
    try:
        return catalog()[rule_id]
    except KeyError:
        raise KeyError(f"{rule_id} is not a rule of the SOP's pages") from None


def rule_page(rule_id: str) -> str:
    """The site page that holds a rule, e.g. ``sop/03-mongodb.md``."""
    return rule(rule_id).page


def rule_link(rule_id: str, base: str = "") -> str:
    """A Markdown link to the rule's anchor on the site."""
    return f"[{rule_id}]({base}{rule_page(rule_id)}#{rule_id})"


def rule_url(rule_id: str, site_url: str = DEFAULT_SITE_URL) -> str:
    """The absolute address of the rule's anchor on the hosted site.

    The site serves each page as a folder (MkDocs' directory URLs):
    ``sop/03-mongodb.md`` is ``<site_url>sop/03-mongodb/#DB-03``.
    """
    page = rule_page(rule_id).removesuffix(".md")
    return f"{site_url.rstrip('/')}/{page}/#{rule_id}"
