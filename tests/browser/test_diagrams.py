"""Diagrams as readers meet them: legible, described, full screen with pan/zoom."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from tests.browser.helpers import diagram_paths, wait_for_diagrams

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READABLE_PX = 12
DESKTOP = ViewportSize(width=1280, height=900)
PHONE = ViewportSize(width=390, height=844)

# Every piece of text in a diagram, with its rendered size and box on screen.
MEASURE = """svg => {
  const leaves = [...svg.querySelectorAll('text, tspan, foreignObject *')]
    .filter(el => el.textContent.trim() && !el.querySelector('tspan, p, span, div'));
  return leaves.map(el => {
    const host = el.closest('foreignObject') || el;
    const m = host.getScreenCTM();
    const r = el.getBoundingClientRect();
    return {
      text: el.textContent.trim(),
      px: parseFloat(getComputedStyle(el).fontSize)
        * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)),
      box: [r.left, r.top, r.right, r.bottom],
    };
  });
}"""


def _overlaps(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of labels whose glyphs cross (line boxes of one label may touch)."""
    found = []
    for i, first in enumerate(labels):
        for second in labels[i + 1 :]:
            a, b = first["box"], second["box"]
            width = min(a[2], b[2]) - max(a[0], b[0])
            height = min(a[3], b[3]) - max(a[1], b[1])
            shorter = min(a[3] - a[1], b[3] - b[1])
            if width > 1 and height > 0.3 * shorter:
                found.append((first["text"], second["text"]))
    return found


def test_every_diagram_is_readable_described_and_free_of_overlaps(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    checked = 0
    for path in diagram_paths(built_site):
        page.goto(site_url + path, wait_until="load")
        wait_for_diagrams(page)
        for svg in page.locator("figure.diagram > svg").all():
            labels = svg.evaluate(MEASURE)
            assert labels, f"{path}: a diagram without text"
            smallest = min(label["px"] for label in labels)
            assert smallest >= READABLE_PX, f"{path}: text at {smallest:.1f} px"
            assert _overlaps(labels) == [], path
            name = svg.evaluate(
                "svg => document.getElementById(svg.getAttribute('aria-labelledby'))"
                "?.textContent.trim()"
            )
            description = svg.evaluate(
                "svg => document.getElementById(svg.getAttribute('aria-describedby'))"
                "?.textContent.trim()"
            )
            assert name, f"{path}: a diagram without an accessible name"
            assert description, f"{path}: a diagram without a description"
            assert len(description) > len(name), path
            checked += 1
    page.close()
    assert checked >= 8


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
