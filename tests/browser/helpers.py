"""What several browser test modules do: list pages, watch errors, wait for diagrams."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import yaml
from playwright.sync_api import ConsoleMessage, Page, Request

from tests.conftest import ROOT


class _MkDocsConfigLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' own tags (``!ENV``, ``!!python/name``)."""


_MkDocsConfigLoader.add_multi_constructor("", lambda *_: None)


def moved_pages() -> dict[str, str]:
    """``redirect_maps`` of mkdocs.yml: each old page and where it moved."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = yaml.load(text, _MkDocsConfigLoader)  # noqa: S506 - a SafeLoader
    plugins = [p for p in config["plugins"] if isinstance(p, dict)]
    maps: dict[str, str] = next(
        p["redirects"]["redirect_maps"] for p in plugins if "redirects" in p
    )
    return maps


def page_paths(site: Path) -> list[str]:
    """The URL path (relative to the site root) of every page of the built site.

    The redirects left at the addresses of moved pages are not pages.
    """
    moved = {old.removesuffix(".md") + "/" for old in moved_pages()}
    paths = (
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "assets" not in p.parts
    )
    return sorted(set(paths) - moved)


SOURCE_PAGES = "source/"  # whole-file pages, all from one generator


TOKEN_KIND = re.compile(r'<span class="(?P<kind>[a-z0-9]{1,3})">')
"""A highlighted token in a code block: Pygments' short CSS class."""


def source_pages_by_type(site: Path) -> dict[str, list[str]]:
    """The generated source pages, by file type (``.py``, ``Dockerfile``)."""
    by_type: dict[str, list[str]] = {}
    for path in page_paths(site):
        if path.startswith(SOURCE_PAGES):
            name = PurePosixPath(path).name  # e.g. main.py, Dockerfile
            by_type.setdefault(PurePosixPath(name).suffix or name, []).append(path)
    return by_type


def heaviest_source_paths(site: Path) -> list[str]:
    """The largest generated source page of each file type.

    The source pages share one template and differ only in their code, so the
    largest of each type stands for the rest in the checks of what a page
    loads, runs and weighs (console errors, requests, the content-security
    policy, transfer size).
    """
    pages = source_pages_by_type(site).values()
    return sorted(max(paths, key=lambda path: _size(site, path)) for paths in pages)


def representative_paths(site: Path) -> list[str]:
    """Every written page, and the fewest source pages showing every token kind.

    How highlighted code reads (axe's contrast, in either palette) depends on
    the kinds of token the highlighter marks, which the file type decides: per
    type, the source pages are chosen greedily until they show every token kind
    that any page of the type shows (the smaller page on a tie); a type with no
    highlighted token is shown by its smallest page.
    """
    chosen = [path for path in page_paths(site) if not path.startswith(SOURCE_PAGES)]
    for paths in source_pages_by_type(site).values():
        kinds = {path: token_kinds(site, path) for path in paths}
        by_size = sorted(paths, key=lambda path: _size(site, path))
        missing = set().union(*kinds.values())
        if not missing:
            chosen.append(by_size[0])
        while missing:
            # max() keeps the first of equals: the smaller page
            best = max(by_size, key=lambda path: len(kinds[path] & missing))
            chosen.append(best)
            missing -= kinds[best]
    return sorted(chosen)


def token_kinds(site: Path, path: str) -> set[str]:
    """The kinds of highlighted token on a page."""
    html = (site / path / "index.html").read_text("utf-8")
    return {match["kind"] for match in TOKEN_KIND.finditer(html)}


def _size(site: Path, path: str) -> int:
    return (site / path / "index.html").stat().st_size


def diagram_paths(site: Path) -> list[str]:
    """The pages that have at least one diagram."""
    return [
        path
        for path in page_paths(site)
        if '<pre class="diagram"' in (site / path / "index.html").read_text("utf-8")
    ]


def wait_for_diagrams(page: Page) -> int:
    """Wait until every diagram of the page is an SVG; fail on a broken one."""
    page.wait_for_function(
        "() => !document.querySelector('pre.diagram:not(.diagram--error)')"
    )
    broken = page.locator("pre.diagram--error").count()
    assert broken == 0, f"{page.url}: {broken} diagram(s) could not be drawn"
    return page.locator("figure.diagram > svg").count()


def watch(page: Page, base_url: str) -> tuple[list[str], list[str]]:
    """Collect console errors and requests that leave the local server."""
    errors: list[str] = []
    foreign: list[str] = []
    host = urlparse(base_url).netloc

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{page.url}: {message.text}")

    def on_request(request: Request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in {"http", "https", "ws", "wss"} and parsed.netloc != host:
            foreign.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("request", on_request)
    return errors, foreign
