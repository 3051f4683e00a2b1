"""What several browser test modules do: list the pages, wait for diagrams."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page


def page_paths(site: Path) -> list[str]:
    """The URL path (relative to the site root) of every page of the built site."""
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "assets" not in p.parts
    )


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
