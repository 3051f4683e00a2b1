"""Diagrams full screen, with pan and zoom from the keyboard, on a phone.

That every diagram is drawn, legible and described is checked in
``test_pages.py``, over the crawl of every page with a diagram.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.crawl import MEASURE_LABELS as MEASURE
from tests.browser.crawl import PHONE
from tests.browser.helpers import wait_for_diagrams

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READABLE_PX = 12


def _smallest_text(page: Page, svg_selector: str) -> float:
    labels = page.locator(svg_selector).evaluate(MEASURE)
    return float(min(label["px"] for label in labels))


def test_full_screen_view_zooms_and_pans_with_the_keyboard_on_a_phone(
    browser: Browser, site_url: str
) -> None:
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(site_url + "architecture/", wait_until="load")
    wait_for_diagrams(page)
    assert _smallest_text(page, "figure.diagram > svg >> nth=0") < READABLE_PX
    opener = page.locator("figure.diagram .diagram__open").first
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.diagram-dialog[open]")
    dialog.wait_for()
    svg = "dialog.diagram-dialog svg"
    page.wait_for_function(f"() => document.querySelector({svg!r}).style.transform")
    opened = _smallest_text(page, svg)
    assert opened >= READABLE_PX

    page.keyboard.press("+")
    page.wait_for_function(
        f"px => ({MEASURE})(document.querySelector({svg!r}))"
        ".every(label => label.px > px)",
        arg=opened,
    )
    before = page.locator(svg).evaluate("el => el.getBoundingClientRect().left")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        f"x => document.querySelector({svg!r}).getBoundingClientRect().left < x",
        arg=before,
    )
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert page.locator("figure.diagram > svg").count() >= 5
    assert page.evaluate("() => document.activeElement.className").startswith(
        "diagram__open"
    )
    page.close()
