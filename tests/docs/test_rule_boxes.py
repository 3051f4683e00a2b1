"""Every rule box reads at a glance: a why, at most one short block, no service.

A rule box holds the SOP's requirement, one line of why and at most one code
block of at most 15 lines as the site shows it (after pymdownx.snippets has
resolved its includes, configured as ``mkdocs.yml`` configures it). How the
reference service does it goes in the collapsed block after the box.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import markdown
import pytest
from markdown_it.token import Token
from mkdocs.utils.yaml import yaml_load

from acacia_sop.catalog import SEVERITY_MARK, rule_pages, rules_in_text
from acacia_sop.markdown import parse
from tests.conftest import DOCS_DIR, ROOT

pytestmark = pytest.mark.docs

WHY_MARKS = ("**Why:**", "**Why (our reading):**")
SEVERITY = f"**{SEVERITY_MARK}**"
MAX_CODE_LINES = 15
SNIPPETS = "pymdownx.snippets"
SERVICE_WORDS = "reference service"
PAGES = sorted(rule_pages(DOCS_DIR))


@dataclass(frozen=True)
class Box:
    """One rule box: its rule's ID and the tokens of its body (past the title)."""

    rule_id: str
    tokens: list[Token]
    level: int

    def direct_paragraphs(self) -> list[str]:
        """The text of each paragraph written directly in the box."""
        return [
            inline.content
            for opening, inline in zip(self.tokens, self.tokens[1:], strict=False)
            if opening.type == "paragraph_open" and opening.level == self.level + 1
        ]

    def paragraphs(self) -> list[str]:
        """The text of every paragraph in the box, nested notes included."""
        return [token.content for token in self.tokens if token.type == "inline"]

    def fences(self) -> list[Token]:
        """Every fenced code block in the box."""
        return [token for token in self.tokens if token.type == "fence"]

    def has_body(self) -> bool:
        """Whether it says more than its title and severity."""
        blocks = [
            token
            for token in self.tokens
            if token.level == self.level + 1
            and (token.type.endswith("_open") or token.type == "fence")
        ]
        severity = [p for p in self.direct_paragraphs() if p.startswith(SEVERITY)]
        return len(blocks) > len(severity)


def _boxes(text: str, page: str) -> Iterator[Box]:
    """The rule boxes of a page, each paired with the catalog's rule."""
    tokens = parse(text)
    openings = [
        index
        for index, token in enumerate(tokens)
        if token.type == "admonition_open" and token.meta.get("tag") == "rule"
    ]
    rules = rules_in_text(text, page)
    assert len(rules) == len(openings), page
    for rule, start in zip(rules, openings, strict=True):
        level = tokens[start].level
        end = next(
            index
            for index in range(start + 1, len(tokens))
            if tokens[index].type == "admonition_close" and tokens[index].level == level
        )
        past_title = start + 4  # admonition_open, then its title's three tokens
        yield Box(rule.rule_id, tokens[past_title:end], level)


@cache
def _snippets() -> markdown.Markdown:
    """Python-Markdown with pymdownx.snippets as ``mkdocs.yml`` configures it."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as config_file:
        config = yaml_load(config_file)
    (options,) = (
        entry[SNIPPETS]
        for entry in config["markdown_extensions"]
        if isinstance(entry, dict) and SNIPPETS in entry
    )
    settings: dict[str, Any] = {
        **options,
        "base_path": [str(ROOT / path) for path in options["base_path"]],
    }
    return markdown.Markdown(
        extensions=[SNIPPETS], extension_configs={SNIPPETS: settings}
    )


def resolved_lines(fence: Token) -> list[str]:
    """A block's lines as the site shows them: its includes resolved."""
    preprocessor = _snippets().preprocessors["snippet"]
    lines = [str(line) for line in preprocessor.run(fence.content.splitlines())]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def page_boxes(page: str) -> list[Box]:
    boxes = list(_boxes((DOCS_DIR / page).read_text("utf-8"), page))
    assert boxes, f"{page} has no rule boxes"
    return boxes


def test_includes_resolve_as_on_the_site() -> None:
    (fence,) = (
        token
        for token in parse(
            '```python\n--8<-- "examples/acacia-service/app/core/database.py:'
            'database_types"\n```\n'
        )
        if token.type == "fence"
    )
    lines = resolved_lines(fence)
    assert lines[0].startswith("Document: TypeAlias")
    assert not any("--8<--" in line for line in lines)


def test_a_box_with_only_a_severity_has_no_body() -> None:
    text = '!!! rule "DB-01 · One"\n\n    **Severity:** note\n'
    (box,) = _boxes(text, "sop/03-mongodb.md")
    assert not box.has_body()
    (box,) = _boxes(text + "\n    More.\n", "sop/03-mongodb.md")
    assert box.has_body()


@pytest.mark.parametrize("page", PAGES)
def test_every_rule_with_a_body_says_why(page: str) -> None:
    silent = [
        box.rule_id
        for box in page_boxes(page)
        if box.has_body()
        and not any(p.startswith(WHY_MARKS) for p in box.direct_paragraphs())
    ]
    assert silent == [], f"{page}: rules with a body and no why"


@pytest.mark.parametrize("page", PAGES)
def test_a_rule_box_holds_at_most_one_short_code_block(page: str) -> None:
    crowded = [box.rule_id for box in page_boxes(page) if len(box.fences()) > 1]
    assert crowded == [], f"{page}: more than one code block in the box"
    long = {
        box.rule_id: length
        for box in page_boxes(page)
        for fence in box.fences()
        if (length := len(resolved_lines(fence))) > MAX_CODE_LINES
    }
    assert long == {}, f"{page}: blocks over {MAX_CODE_LINES} lines as shown"


@pytest.mark.parametrize("page", PAGES)
def test_no_rule_box_describes_the_reference_service(page: str) -> None:
    described = [
        box.rule_id
        for box in page_boxes(page)
        if any(SERVICE_WORDS in p.lower() for p in box.paragraphs())
    ]
    assert described == [], f"{page}: move these to the service block after the box"


def test_the_pages_are_the_docs_rule_pages() -> None:
    assert "sop/03-mongodb.md" in PAGES
    assert all((DOCS_DIR / page).is_file() for page in PAGES)
    assert all(Path(page).suffix == ".md" for page in PAGES)
