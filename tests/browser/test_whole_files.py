"""Whole-file pages: the file first, and "tested by" lands on the test's code."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATABASE_PAGE = "source/examples/acacia-service/app/core/database.py/"
LINE_ANCHOR = re.compile(r"#__codelineno-0-(?P<line>\d+)$")


def test_the_whole_file_page_shows_code_in_the_first_viewport(
    page: Page, site_url: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + DATABASE_PAGE, wait_until="load")

    first_line = page.locator("article .highlight code").first
    box = first_line.bounding_box()
    assert box is not None
    assert box["y"] + 20 < 800, f"the code starts at {box['y']} px"
    assert "AsyncMongoClient" in page.locator("article .highlight").first.inner_text()
    lists = page.locator("article details")
    assert lists.count() >= 2
    assert all(not details.evaluate("d => d.open") for details in lists.all()), (
        "a test list is open"
    )


def test_a_tested_by_link_scrolls_to_the_def_line_of_the_test(
    page: Page, site_url: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + DATABASE_PAGE, wait_until="load")
    details = page.locator("details#region-create_client")
    details.locator("summary").click()
    link = details.locator("a").first
    name = link.inner_text().partition("::")[2]
    href = link.get_attribute("href") or ""
    match = LINE_ANCHOR.search(href)
    assert match, f"{href} names no line of the test's file"

    link.click()
    page.wait_for_url(f"**#__codelineno-0-{match['line']}")
    page.wait_for_load_state("load")

    target = page.locator(f"[id='__span-0-{match['line']}']")
    assert re.match(rf"\s*(async )?def {name}\(", target.inner_text())
    box = target.bounding_box()
    assert box is not None
    assert 0 <= box["y"] < 800 - box["height"], f"the def line is at {box['y']} px"
    highlight = target.evaluate("line => getComputedStyle(line).backgroundColor")
    plain_line = page.locator(f"[id='__span-0-{int(match['line']) + 1}']")
    assert highlight != plain_line.evaluate(
        "line => getComputedStyle(line).backgroundColor"
    )
