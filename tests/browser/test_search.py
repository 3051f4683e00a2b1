"""Search as a reader uses it: rule IDs land on the rule, previews show prose."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from acacia_sop.catalog import catalog
from tests.browser.questions import QUESTIONS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RESULT_LINKS = ".md-search-result__list a.md-search-result__link"

# The result links a reader sees, in order: a page, then its best sections;
# the sections folded under "N more on this page" are not seen.
SHOWN_RESULTS = f"""() => [...document.querySelectorAll({RESULT_LINKS!r})]
  .filter(a => !a.closest("details:not([open])"))
  .map(a => {{ const url = new URL(a.href); return url.pathname + url.hash; }})"""
TOP = 3


def _open_search(page: Page, site_url: str) -> None:
    """Load the home page and its index, then open the search box."""
    page.goto(site_url, wait_until="networkidle")
    page.keyboard.press("/")


def _search(page: Page, site_url: str, query: str) -> None:
    _open_search(page, site_url)
    page.keyboard.type(query, delay=10)
    page.wait_for_selector(RESULT_LINKS)


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("DB-03", "sop/03-mongodb/#DB-03"),
        ("sec-01", "sop/06-security/#SEC-01"),
        ("API-04", "sop/04-fastapi/#API-04"),
        ("DB03", "sop/03-mongodb/#DB-03"),
        ("db-03", "sop/03-mongodb/#DB-03"),
        ("db 3", "sop/03-mongodb/#DB-03"),
    ],
)
def test_searching_a_rule_id_puts_the_rule_first(
    page: Page, site_url: str, query: str, target: str
) -> None:
    _search(page, site_url, query)
    # The result list is redrawn as the index answers: wait for a first link.
    first = f"document.querySelector({RESULT_LINKS!r})"
    page.wait_for_function(
        f"target => {{ const link = {first}; if (!link) return false;"
        " const url = new URL(link.href);"
        " return (url.pathname + url.hash).endsWith(target); }",
        arg=target,
    )
    page.keyboard.press("Enter")
    page.wait_for_url(
        lambda url: (urlparse(url).path + "#" + urlparse(url).fragment).endswith(target)
    )
    heading = page.locator(f"[id='{target.split('#')[1]}']")
    assert heading.evaluate("el => /^H[1-6]$/.test(el.tagName)")
    page.wait_for_function(  # scrolled to the rule
        "el => { const top = el.getBoundingClientRect().top;"
        " return top >= 0 && top < innerHeight / 2; }",
        arg=heading.element_handle(),
    )


def test_rules_are_listed_in_their_page_table_of_contents(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + "sop/03-mongodb/", wait_until="load")
    listed = page.eval_on_selector_all(
        ".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link",
        "links => links.map(a => new URL(a.href).hash.slice(1))",
    )
    expected = [r.rule_id for r in catalog().values() if r.page == "sop/03-mongodb.md"]
    assert len(expected) >= 10
    assert [anchor for anchor in listed if anchor in expected] == expected


@pytest.mark.parametrize("query", ["correlation", "connection pool"])
def test_search_previews_show_prose_not_code(
    page: Page, site_url: str, query: str
) -> None:
    _search(page, site_url, query)
    previews = page.locator(".md-search-result__article")
    assert previews.count() >= 3
    assert page.locator(".md-search-result__list pre").count() == 0


@pytest.fixture(scope="module")
def search_box(browser: Browser, site_url: str) -> Iterator[Locator]:
    """The home page's search box, opened once for all the questions.

    Each question is a query of its own in the same page, as a reader asks
    one after another: the page and its index load once, not per question.
    """
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    _open_search(page, site_url)
    yield page.locator("input.md-search__input")
    context.close()


def _ask(search: Locator, question: str) -> None:
    """Clear the box until no result is left, then ask ``question``.

    Material searches on keyup, one query per new value, and the results of
    each arrive in order: once the cleared box shows none, every result shown
    afterwards answers ``question``.
    """
    search.fill("")
    search.press("End")
    search.page.wait_for_function(f"() => !document.querySelector({RESULT_LINKS!r})")
    search.fill(question)  # the whole question at once: one query, one answer
    search.press("End")


def _answers(rule_ids: tuple[str, ...]) -> list[str]:
    rules = catalog()
    return [f"{rules[r].page.removesuffix('.md')}/#{r}" for r in rule_ids]


@pytest.mark.parametrize(
    ("question", "rule_ids"), QUESTIONS, ids=[q for q, _ in QUESTIONS]
)
def test_a_question_in_plain_words_ranks_its_rule_in_the_top_three(
    search_box: Locator, question: str, rule_ids: tuple[str, ...]
) -> None:
    answers = _answers(rule_ids)
    page = search_box.page
    _ask(search_box, question)
    try:
        page.wait_for_function(
            f"answers => ({SHOWN_RESULTS})().slice(0, {TOP})"
            ".some(shown => answers.some(answer => shown.endsWith(answer)))",
            arg=answers,
            timeout=5_000,
        )
    except PlaywrightTimeoutError:
        shown = page.evaluate(SHOWN_RESULTS)[:8]
        pytest.fail(f"{question!r}: expected {rule_ids} in the top {TOP}, got {shown}")


def test_the_questions_span_every_sop_section() -> None:
    sections = {
        catalog()[rule_id].page for _, rule_ids in QUESTIONS for rule_id in rule_ids
    }
    assert len(QUESTIONS) >= 25
    assert {page for page in sections if page.startswith("sop/")} == {
        rule.page for rule in catalog().values() if rule.page.startswith("sop/")
    }
