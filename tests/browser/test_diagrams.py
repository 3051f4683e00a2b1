"""Diagrams on a phone: readable in the page, whole in full screen, pan and zoom.

That every diagram is drawn, legible and described on a desktop is checked in
``test_pages.py``, over the crawl of every page with a diagram.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, FloatRect, Page

from tests.browser.crawl import MEASURE_LABELS as MEASURE
from tests.browser.crawl import PHONE
from tests.browser.helpers import wait_for_diagrams

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READABLE_PX = 12
DIALOG_SVG = "dialog.diagram-dialog svg"
# The index of the widest diagram of the page (in its own units).
WIDEST = """() => {
  const widths = [...document.querySelectorAll('figure.diagram > svg')]
    .map(svg => svg.viewBox.baseVal.width);
  return widths.indexOf(Math.max(...widths));
}"""


def _smallest_text(page: Page, svg_selector: str) -> float:
    labels = page.locator(svg_selector).evaluate(MEASURE)
    return float(min(label["px"] for label in labels))


def _box(page: Page, selector: str) -> FloatRect:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box


def test_on_a_phone_diagram_text_is_readable_and_the_page_never_widens(
    browser: Browser, site_url: str
) -> None:
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(site_url + "architecture/", wait_until="load")
    count = wait_for_diagrams(page)
    assert count >= 5
    smallest = {
        i: _smallest_text(page, f"figure.diagram > svg >> nth={i}")
        for i in range(count)
    }
    assert {i: px for i, px in smallest.items() if px < READABLE_PX} == {}
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    widest = page.locator("figure.diagram").nth(page.evaluate(WIDEST))
    assert widest.evaluate("f => f.scrollWidth > f.clientWidth"), "nothing to scroll"
    page.wait_for_function("f => f.tabIndex === 0", arg=widest.element_handle())
    widest.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("f => f.scrollLeft > 0", arg=widest.element_handle())
    page.close()


def test_full_screen_on_a_phone_fits_the_whole_width_and_pans_and_zooms(
    browser: Browser, site_url: str
) -> None:
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(site_url + "architecture/", wait_until="load")
    wait_for_diagrams(page)
    opener = page.locator("figure.diagram .diagram__open").nth(page.evaluate(WIDEST))
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.diagram-dialog[open]")
    dialog.wait_for()
    page.wait_for_function(
        f"() => document.querySelector({DIALOG_SVG!r}).style.transform"
    )
    stage, svg = _box(page, ".diagram-dialog__stage"), _box(page, DIALOG_SVG)
    assert svg["x"] >= stage["x"] - 1, "the left of the diagram is cut off"
    assert svg["x"] + svg["width"] <= stage["x"] + stage["width"] + 1, "right cut off"
    assert svg["width"] >= 0.95 * stage["width"], "not fitted to the width"
    opened = _smallest_text(page, DIALOG_SVG)

    page.keyboard.press("+")
    page.wait_for_function(
        f"px => ({MEASURE})(document.querySelector({DIALOG_SVG!r}))"
        ".every(label => label.px > px)",
        arg=opened,
    )
    before = page.locator(DIALOG_SVG).evaluate("el => el.getBoundingClientRect().left")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        f"x => document.querySelector({DIALOG_SVG!r}).getBoundingClientRect().left < x",
        arg=before,
    )
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert page.locator("figure.diagram > svg").count() >= 5
    assert page.evaluate("() => document.activeElement.className").startswith(
        "diagram__open"
    )
    page.close()
