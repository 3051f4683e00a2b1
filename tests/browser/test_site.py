"""The built site in a real browser: it loads, renders, searches and stays local."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from acacia_sop.rules import find_rules
from tests.conftest import DOCS_DIR

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEARCHES = ["correlation", "kebab-case", "Secret Manager", "rate limiting"]


def _page_paths(site: Path) -> list[str]:
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "assets" not in p.parts
    )


def _watch(page: Page, base_url: str) -> tuple[list[str], list[str]]:
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


def _assert_diagrams_rendered(page: Page) -> int:
    """Wait for every Mermaid diagram on the page to become an SVG; count them."""
    count = page.locator(".mermaid").count()
    if count:
        page.wait_for_function(
            "() => [...document.querySelectorAll('.mermaid')]"
            ".every(el => el.querySelector('svg')"
            " || el.shadowRoot?.querySelector('svg'))"
        )
        error_diagrams = page.evaluate(
            "() => [...document.querySelectorAll('.mermaid')].filter(el => {"
            " const root = el.shadowRoot || el;"
            " const svg = root.querySelector('svg');"
            " return !svg || svg.getAttribute('aria-roledescription') === 'error'"
            " || /Syntax error/i.test(svg.textContent); }).length"
        )
        assert error_diagrams == 0, f"{page.url}: {error_diagrams} broken diagram(s)"
    return count


def test_every_page_loads_without_console_errors_or_foreign_requests(
    page: Page, site_url: str, built_site: Path
) -> None:
    errors, foreign = _watch(page, site_url)
    paths = _page_paths(built_site)
    assert len(paths) >= 14
    for path in paths:
        page.goto(site_url + path, wait_until="networkidle")
        _assert_diagrams_rendered(page)
    assert errors == []
    assert foreign == []


def test_diagrams_render_after_instant_navigation(page: Page, site_url: str) -> None:
    errors, foreign = _watch(page, site_url)
    page.goto(site_url, wait_until="networkidle")
    rendered = 0
    for target in ("architecture/", "sop/01-project-structure/", "sop/08-deployment/"):
        page.locator(
            f"nav.md-nav--primary a.md-nav__link[href$='{target}']"
        ).first.click()
        page.wait_for_url(f"**/{target}")
        page.wait_for_load_state("networkidle")
        rendered += _assert_diagrams_rendered(page)
    assert rendered >= 6, "expected the architecture, layout and pipeline diagrams"
    assert errors == []
    assert foreign == []


def _pages_whose_rules_mention(query: str) -> set[str]:
    return {
        rule.page.removesuffix(".md") + "/"
        for rule in find_rules(DOCS_DIR)
        if query.lower() in rule.title.lower()
    }


@pytest.mark.parametrize("query", SEARCHES)
def test_search_lists_every_page_whose_rules_mention_the_term(
    page: Page, site_url: str, query: str
) -> None:
    expected = _pages_whose_rules_mention(query)
    assert expected, f"no rule mentions {query!r}"
    page.goto(site_url, wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type(query, delay=10)
    listed = "() => [...document.querySelectorAll('.md-search-result__item > a')]"
    check = f"{listed}.map(a => new URL(a.href).pathname)"
    try:
        page.wait_for_function(
            f"expected => expected.every(p => ({check})().some(h => h.endsWith(p)))",
            arg=sorted(expected),
        )
    except PlaywrightTimeoutError:
        found = page.evaluate(check)
        pytest.fail(f"search for {query!r} listed {found}, expected {expected}")


def test_every_code_block_has_a_copy_button(page: Page, site_url: str) -> None:
    page.goto(site_url + "sop/08-deployment/", wait_until="networkidle")
    blocks = page.locator("div.highlight pre")
    assert blocks.count() >= 3
    page.wait_for_selector("div.highlight pre button.md-clipboard, .md-code__button")
    without_button = page.evaluate(
        "() => [...document.querySelectorAll('div.highlight pre')]"
        ".filter(pre => !pre.parentElement.querySelector('button.md-clipboard,"
        " .md-code__button')).length"
    )
    assert without_button == 0


def test_rule_ids_are_deep_links(page: Page, site_url: str) -> None:
    page.goto(site_url + "sop/03-mongodb/#DB-01", wait_until="networkidle")
    anchor = page.locator("a.rule-id#DB-01")
    assert anchor.is_visible()
    assert (anchor.get_attribute("href") or "").endswith("#DB-01")
    assert page.evaluate("() => location.hash") == "#DB-01"
