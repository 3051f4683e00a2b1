"""The built site in a real browser: it navigates, renders, searches and links.

The checks of every page (errors, requests, weight, axe, phone widths) are in
``test_pages.py``, over one crawl of the site.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from acacia_sop.catalog import catalog
from tests.browser.helpers import moved_pages, wait_for_diagrams, watch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEARCHES = ["correlation", "kebab-case", "Secret Manager", "rate limiting"]


def test_diagrams_render_after_instant_navigation(page: Page, site_url: str) -> None:
    errors, foreign = watch(page, site_url)
    page.goto(site_url, wait_until="networkidle")
    rendered = 0
    for target in ("architecture/", "sop/01-project-structure/", "sop/08-deployment/"):
        page.locator(
            f"nav.md-nav--primary a.md-nav__link[href$='{target}']"
        ).first.click()
        page.wait_for_url(f"**/{target}")
        page.wait_for_load_state("networkidle")
        rendered += wait_for_diagrams(page)
    assert rendered >= 6, "expected the architecture, layout and pipeline diagrams"
    assert errors == []
    assert foreign == []


def _pages_whose_rules_mention(query: str) -> set[str]:
    return {
        rule.page.removesuffix(".md") + "/"
        for rule in catalog().values()
        if query.lower() in rule.title.lower()
    }


@pytest.mark.parametrize("query", SEARCHES)
def test_search_lists_every_page_whose_rules_mention_the_term(
    page: Page, site_url: str, query: str
) -> None:
    expected = _pages_whose_rules_mention(query)
    assert expected, f"no rule mentions {query!r}"
    page.goto(site_url, wait_until="networkidle")
    search = page.locator("input.md-search__input")
    page.keyboard.press("/")
    expect(search).to_be_focused()
    page.keyboard.type(query, delay=10)
    expect(search).to_have_value(query)
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
    # Attached, not visible: blocks in a collapsed block get their button too.
    page.wait_for_selector(
        "div.highlight pre button.md-clipboard, .md-code__button", state="attached"
    )
    without_button = page.evaluate(
        "() => [...document.querySelectorAll('div.highlight pre')]"
        ".filter(pre => !pre.parentElement.querySelector('button.md-clipboard,"
        " .md-code__button')).length"
    )
    assert without_button == 0


def test_rule_ids_are_deep_links(page: Page, site_url: str) -> None:
    page.goto(site_url + "sop/03-mongodb/#DB-01", wait_until="networkidle")
    heading = page.locator("h3#DB-01")
    assert heading.is_visible()
    badge = heading.locator("a.rule-id")
    assert badge.inner_text() == "DB-01"
    assert (badge.get_attribute("href") or "").endswith("#DB-01")
    assert page.evaluate("() => location.hash") == "#DB-01"


def test_home_cards_and_deep_link_example_lead_where_they_say(
    page: Page, site_url: str
) -> None:
    page.goto(site_url, wait_until="load")
    card = page.locator(".grid.cards li").filter(has_text="Copy a snippet")
    card.get_by_role("link").click()
    page.wait_for_url("**/sop/03-mongodb/#DB-01")
    assert page.locator("div.highlight pre").count() >= 3
    page.goto(site_url, wait_until="load")
    example = page.locator("li").filter(has_text="Deep links").locator("a").first
    shown = example.inner_text()
    target = urlparse(example.evaluate("a => a.href"))
    assert f"{target.path}#{target.fragment}".endswith(shown)
    assert ".md" not in shown


def test_rule_index_headings_are_page_titles(page: Page, site_url: str) -> None:
    page.goto(site_url + "rules/", wait_until="load")
    headings = page.locator("article h2").all_inner_texts()
    assert "3. Database (MongoDB) Standards" in [
        h.rstrip("¶").strip() for h in headings
    ]
    assert not [h for h in headings if ".md" in h]


@pytest.mark.parametrize(("old", "new"), sorted(moved_pages().items()))
def test_an_old_address_opens_the_moved_page_at_its_section(
    page: Page, site_url: str, old: str, new: str
) -> None:
    page.goto(site_url + new.removesuffix(".md") + "/", wait_until="networkidle")
    heading = "article :is(h1, h2, h3)[id]"
    anchor = page.locator(heading).last.get_attribute("id")
    page.goto(f"{site_url}{old.removesuffix('.md')}/#{anchor}")
    page.wait_for_url(f"**/{new.removesuffix('.md')}/#{anchor}")
    expect(page.locator(f"[id='{anchor}']")).to_be_in_viewport()
