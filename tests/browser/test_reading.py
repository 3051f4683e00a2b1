"""Reading comfort, measured: code size, the kinds of code block, rule boxes.

Phone widths and the site title on a phone are checked on every page in
``test_pages.py``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, ViewportSize

from acacia_sop.catalog import catalog

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


RULE_BOXES = "article .admonition.rule"
EMPTY_BOXES = f"""() => [...document.querySelectorAll({RULE_BOXES!r})].map(box => ({{
  id: box.querySelector('.rule-title')?.id,
  line: box.classList.contains('rule-line'),
  check: box.querySelector(':scope > .rule-check a')?.getAttribute('href') ?? '',
  body: [...box.children]
    .filter(child => !child.matches('.rule-title, .rule-severity, .rule-check'))
    .some(child => child.textContent.trim() && child.getBoundingClientRect().height),
}}))"""


def test_every_rule_box_has_a_body_or_is_a_compact_rule_line(
    page: Page, site_url: str
) -> None:
    title_only = {rule.rule_id for rule in catalog().values() if rule.title_only}
    assert len(title_only) >= 1
    boxes: dict[str, dict[str, object]] = {}
    for rule_page in sorted({rule.page for rule in catalog().values()}):
        page.goto(site_url + rule_page.removesuffix(".md") + "/", wait_until="load")
        boxes.update({box["id"]: box for box in page.evaluate(EMPTY_BOXES)})
    assert set(boxes) == set(catalog())
    lines = {rule_id for rule_id, box in boxes.items() if box["line"]}
    assert lines == title_only
    assert {
        rule_id: box
        for rule_id, box in boxes.items()
        if not box["body"]
        and not (box["line"] and str(box["check"]).endswith(f"rules/#{rule_id}"))
    } == {}


WIDE_SCREEN = ViewportSize(width=1280, height=900)


def test_whole_files_are_solid_and_only_excerpts_dashed(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + "guides/new-service/", wait_until="load")
    styles = page.evaluate(
        "() => ['whole-file', 'excerpt', 'command-output'].map(kind =>"
        " [...document.querySelectorAll(`article .${kind}`)]"
        " .map(block => getComputedStyle(block).borderLeftStyle))"
    )
    whole, excerpts, outputs = (set(found) for found in styles)
    assert (whole, excerpts, outputs) == ({"solid"}, {"dashed"}, {"solid"})


COPY_BUTTON_OVER_TEXT = """() => [...document.querySelectorAll('article .highlight')]
  .filter(block => block.querySelector('.md-code__nav'))
  .map(block => {
    const button = block.querySelector('.md-code__nav').getBoundingClientRect();
    const code = block.querySelector('pre > code');
    // the boxes of the text itself (a line's span is a block as wide as the code)
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    const boxes = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      boxes.push(...range.getClientRects());
    }
    const covered = boxes.some(text =>
      text.width && text.right > button.left && text.left < button.right
      && text.bottom > button.top && text.top < button.bottom);
    return [code.textContent.trim().split('\\n')[0].slice(0, 50), covered];
  })"""


def test_the_copy_button_never_covers_code(page: Page, site_url: str) -> None:
    page.set_viewport_size(WIDE_SCREEN)  # phones may scroll a long line under it
    page.goto(site_url + "guides/new-service/", wait_until="load")
    blocks = page.evaluate(COPY_BUTTON_OVER_TEXT)
    assert len(blocks) >= 10
    assert [name for name, covered in blocks if covered] == []
