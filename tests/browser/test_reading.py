"""Reading comfort, measured: code size, the two kinds of code block.

Phone widths and the site title on a phone are checked on every page in
``test_pages.py``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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


def test_runnable_blocks_and_excerpts_look_different(page: Page, site_url: str) -> None:
    page.goto(site_url + "sop/03-mongodb/", wait_until="load")
    styles = page.evaluate(
        "() => Object.fromEntries(['runnable', 'excerpt'].map(kind => {"
        " const block = document.querySelector(`article .${kind}`);"
        " return [kind, block && getComputedStyle(block).borderLeftStyle]; }))"
    )
    assert styles == {"runnable": "solid", "excerpt": "dashed"}
