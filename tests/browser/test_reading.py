"""Reading comfort, measured: code size, phone width, the site title."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from tests.browser.helpers import page_paths

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = ViewportSize(width=390, height=844)
PROSE = "article :is(p, li, td, th, dd, h1, h2, h3, h4, h5, h6)"


def test_code_is_as_large_inside_rule_boxes_as_outside(
    page: Page, site_url: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "sop/03-mongodb/", wait_until="load")
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('article pre > code')].map(code => ["
        " !!code.closest('.admonition.rule'),"
        " parseFloat(getComputedStyle(code).fontSize)])"
    )
    inside = {size for in_rule, size in sizes if in_rule}
    outside = {size for in_rule, size in sizes if not in_rule}
    assert inside, "no code block inside a rule on the page"
    assert outside, "no code block outside a rule on the page"
    assert inside == outside
    assert min(inside) >= 13


def test_prose_never_scrolls_sideways_and_the_title_fits_on_a_phone(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems: dict[str, object] = {}
    for path in page_paths(built_site):
        page.goto(site_url + path, wait_until="load")
        found = page.evaluate(
            f"""() => ({{
              pageWidth: document.documentElement.scrollWidth,
              overflowing: [...document.querySelectorAll({PROSE!r})]
                .filter(el => !el.closest('pre, .md-typeset__table, figure'))
                .filter(el => el.getBoundingClientRect().right > innerWidth + 1)
                .map(el => el.textContent.trim().slice(0, 40)),
              titleCut: (t => t.scrollWidth > t.clientWidth)(
                document.querySelector('.md-header__topic .md-ellipsis')),
            }})"""
        )
        if (
            found["pageWidth"] > PHONE["width"]
            or found["overflowing"]
            or found["titleCut"]
        ):
            problems[path or "/"] = found
    context.close()
    assert problems == {}


def test_runnable_blocks_and_excerpts_look_different(page: Page, site_url: str) -> None:
    page.goto(site_url + "sop/03-mongodb/", wait_until="load")
    styles = page.evaluate(
        "() => Object.fromEntries(['runnable', 'excerpt'].map(kind => {"
        " const block = document.querySelector(`article .${kind}`);"
        " return [kind, block && getComputedStyle(block).borderLeftStyle]; }))"
    )
    assert styles == {"runnable": "solid", "excerpt": "dashed"}
