"""The checklist page as a reviewer uses it: tick, remember, copy as Markdown."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from acacia_sop.checker.checklist import CHECKLIST

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ITEMS = [item for section in CHECKLIST for item in section.items]
BOXES = "li.task-list-item input[type=checkbox]"


@pytest.fixture
def checklist(browser: Browser, site_url: str) -> Page:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "checklist/", wait_until="load")
    page.wait_for_selector(".sop-checklist-tools")
    return page


def test_header_counts_the_automated_items_and_says_how_to_run_them(
    checklist: Page,
) -> None:
    automated = sum(1 for item in ITEMS if item.checks)
    summary = checklist.locator(".sop-checklist-summary").inner_text()
    assert f"{automated} of {len(ITEMS)} items are automated" in summary
    assert "acacia-sop check" in summary


def test_ticks_are_remembered_per_service_name(checklist: Page) -> None:
    service = checklist.get_by_label("Service name")
    service.fill("billing-api")
    boxes = checklist.locator(BOXES)
    assert boxes.count() == len(ITEMS)
    # force: the click lands on Material's drawn box over the hidden input
    boxes.nth(0).check(force=True)
    boxes.nth(2).check(force=True)
    checklist.reload(wait_until="load")
    assert checklist.get_by_label("Service name").input_value() == "billing-api"
    ticked = checklist.eval_on_selector_all(BOXES, "bs => bs.map(b => b.checked)")
    assert [i for i, on in enumerate(ticked) if on] == [0, 2]
    checklist.get_by_label("Service name").fill("orders-api")
    assert checklist.locator(f"{BOXES}:checked").count() == 0
    checklist.get_by_label("Service name").fill("billing-api")
    assert checklist.locator(f"{BOXES}:checked").count() == 2


def test_copy_as_markdown_gives_ticks_and_rule_links(
    checklist: Page, site_url: str
) -> None:
    checklist.get_by_label("Service name").fill("billing-api")
    checklist.locator(BOXES).nth(0).check(force=True)
    checklist.get_by_role("button", name="Copy as Markdown").click()
    checklist.get_by_role("status").filter(has_text="Copied").wait_for()
    copied = checklist.evaluate("navigator.clipboard.readText()")
    lines = copied.splitlines()
    assert lines[0] == "## Backend Development Checklist: billing-api"
    tasks = [line for line in lines if line.startswith("- [")]
    assert len(tasks) == len(ITEMS)
    assert tasks[0] == (
        f"- [x] {ITEMS[0].text} — "
        f"[{ITEMS[0].rules[0]}]({site_url}sop/01-project-structure/#STR-01)"
    )
    assert all(task.startswith("- [ ] ") for task in tasks[1:])
    assert f"### {CHECKLIST[0].title}" in lines
