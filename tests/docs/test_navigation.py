"""The site's navigation: a few entries a reader understands, every page reachable."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from tests.browser.helpers import SOURCE_PAGES, page_paths
from tests.conftest import page_html

MOST_TOP_LEVEL_ENTRIES = 7
SITE = "http://site/"


class _PrimaryNav(HTMLParser):
    """The entries of Material's primary navigation, not the page's contents."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # of lists inside the primary navigation; 0: outside
        self.in_toc = 0  # nesting inside the table of contents it holds
        self.top_level: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "nav" and "md-nav--primary" in classes:
            self.depth = 0
            self.top_level = []
            self.links = []
        if (tag == "nav" and "md-nav--secondary" in classes) or self.in_toc:
            self.in_toc += tag == "nav"
        elif tag == "ul" and ("md-nav__list" in classes or self.depth):
            self.depth += 1
        elif tag == "li" and self.depth == 1:
            self.top_level.append("")
        elif tag == "a" and self.depth and "md-nav__link" in classes:
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if self.in_toc:
            self.in_toc -= tag == "nav"
        elif tag == "ul" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth == 1 and not self.in_toc and self.top_level and data.strip():
            self.top_level[-1] = self.top_level[-1] or data.strip()


class _Links(HTMLParser):
    """Every link target of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _navigation(site: Path) -> _PrimaryNav:
    parser = _PrimaryNav()
    parser.feed(page_html(site, "index.md"))
    return parser


def _site_path(base: str, href: str) -> str | None:
    """The site-relative page a link opens, or None when it leaves the site."""
    url = urlparse(urljoin(SITE + base, href))
    if f"{url.scheme}://{url.netloc}/" != SITE:
        return None
    path = posixpath.normpath(url.path).lstrip("/").removesuffix("index.html")
    return "" if path in {"", "."} else path.rstrip("/") + "/"


def test_the_navigation_has_at_most_seven_named_entries(built_site: Path) -> None:
    entries = _navigation(built_site).top_level

    assert entries[:2] == ["Home", "The SOP"]
    assert 1 < len(entries) <= MOST_TOP_LEVEL_ENTRIES, entries


def test_every_written_page_is_in_the_navigation(built_site: Path) -> None:
    listed = {_site_path("", href) for href in _navigation(built_site).links}
    pages = [p for p in page_paths(built_site) if not p.startswith(SOURCE_PAGES)]

    assert [page for page in pages if page not in listed] == []


def test_every_page_is_reachable_from_the_navigation(built_site: Path) -> None:
    links = (_site_path("", href) for href in _navigation(built_site).links)
    reached = {page for page in links if page is not None}
    todo = list(reached)
    while todo:
        page = todo.pop()
        html = built_site / page / "index.html"
        if not html.is_file():
            continue
        parser = _Links()
        parser.feed(html.read_text("utf-8"))
        for href in parser.hrefs:
            target = _site_path(page, href)
            if target is not None and target not in reached:
                reached.add(target)
                todo.append(target)

    assert sorted(set(page_paths(built_site)) - reached) == []
