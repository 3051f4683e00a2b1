"""The SOP pages' Markdown, parsed by markdown-it-py: rule boxes, tabs, fences.

The pages are written for Python-Markdown: admonitions (``!!! rule "DB-01 ·
..."``, collapsible ``???``) and pymdownx tabs (``=== "Motor"``). Both are a
marker line over a body indented four spaces, which mdit-py-plugins'
admonition plugin reads; a tab is read as an admonition of type ``tab``.
Everything that reads the pages' structure (the rule catalog, the site's
include captions, the release history) parses them here, so a fence inside a
rule box or a tab is found the same way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin

TAB_LINE = re.compile(r'^(?P<indent> *)===[!+]? +(?P<title>".*")[ \t]*$', re.MULTILINE)


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(admon_plugin)


PARSED_PAGES = 256
"""Pages whose tokens are kept: a site build reads each page three times (its
rules, its headings, its fences), and parses it once."""


@lru_cache(maxsize=PARSED_PAGES)
def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(_parser().parse(TAB_LINE.sub(r"\g<indent>!!! tab \g<title>", text)))


def parse(text: str) -> list[Token]:
    """The block tokens of a page; ``token.map`` is its 0-based line range.

    The same text gives the same tokens (a new list of them): read them, never
    change them.
    """
    return list(_tokens(text))


def fences(text: str) -> Iterator[Token]:
    """Every fenced code block of a page, in page order, at any depth."""
    return (token for token in parse(text) if token.type == "fence")
