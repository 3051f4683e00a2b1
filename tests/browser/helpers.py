"""What several browser test modules do: list pages, watch errors, wait for diagrams."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import ConsoleMessage, Page, Request


def page_paths(site: Path) -> list[str]:
    """The URL path (relative to the site root) of every page of the built site."""
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "assets" not in p.parts
    )


SOURCE_PAGES = "source/"  # whole-file pages, all from one generator
LARGEST_SOURCE_PAGES = 3


def template_paths(site: Path) -> list[str]:
    """Every page, but of the generated source pages only the largest few.

    For checks of what the page template loads and runs (console errors,
    requests, the content-security policy, transfer size): the source pages
    share one template and differ only in their code, so the largest stand
    for all of them. Checks of what the content renders visit every page.
    """
    pages = page_paths(site)
    sources = [path for path in pages if path.startswith(SOURCE_PAGES)]
    largest = sorted(
        sources, key=lambda path: (site / path / "index.html").stat().st_size
    )[-LARGEST_SOURCE_PAGES:]
    return [path for path in pages if path not in sources or path in largest]


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
