"""What several browser test modules do: list pages, watch errors, wait for diagrams."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
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


def representative_paths(site: Path) -> list[str]:
    """Every written page, and of the generated source pages the largest per type.

    The source pages share one template and differ only in their code, whose
    look depends on its language (the file type picks the highlighter). The
    largest file of each type carries the most of its token kinds, so it
    stands for the rest in checks of what the template loads and runs
    (console errors, requests, the content-security policy, transfer size)
    and of how highlighted code reads (axe). Widths are checked on every page.
    """
    largest: dict[str, str] = {}
    written: list[str] = []
    for path in page_paths(site):
        if not path.startswith(SOURCE_PAGES):
            written.append(path)
            continue
        name = PurePosixPath(path).name  # e.g. main.py, Dockerfile
        file_type = PurePosixPath(name).suffix or name
        current = largest.get(file_type)
        if current is None or _size(site, path) > _size(site, current):
            largest[file_type] = path
    return sorted(written + list(largest.values()))


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
