"""Copy every runnable block with its copy button, paste it alone, run it.

The text comes from the clipboard of a real Chromium on the built site, not
from the source file, so a rendering or copy bug fails here. Each pasted file
runs with this interpreter against the test database server: a script must
exit 0 and print what the page's Output block says; an app must answer its
health URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.snippet_runs import reader_env, run_script, serve_app

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.integration]

MIN_RUNNABLE_BLOCKS = 15


@dataclass(frozen=True)
class CopiedBlock:
    """One runnable block as a reader takes it from a page."""

    page: str
    file_name: str
    text: str
    printed: str | None  # the page's Output block; None for an app


@pytest.fixture
def clipboard_page(browser: Browser, site_url: str) -> Iterator[Page]:
    """A tab allowed to read what the copy buttons put on the clipboard."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def _pages_with_runnable_blocks(site: Path) -> list[str]:
    return sorted(
        html.parent.relative_to(site).as_posix() + "/"
        for html in site.rglob("index.html")
        if "runnable highlight" in html.read_text("utf-8")
    )


def _copy_blocks(page: Page, base_url: str, path: str) -> list[CopiedBlock]:
    page.goto(base_url + path, wait_until="networkidle")
    # A reader opens a collapsed block (such as "In the reference service").
    closed = page.locator("details:not([open]):has(div.runnable) > summary")
    while closed.count():
        closed.first.click()
    blocks = page.locator("div.runnable")
    copied: list[CopiedBlock] = []
    for index in range(blocks.count()):
        block = blocks.nth(index)
        block.scroll_into_view_if_needed()
        block.hover()
        block.locator("button.md-clipboard, .md-code__button").first.click()
        text = page.evaluate("() => navigator.clipboard.readText()")
        title = block.locator(".filename").inner_text()
        output = block.locator(
            "xpath=following-sibling::*[contains(@class, 'highlight')][1]"
        )
        printed = None
        if output.count() and "snippet-output" in (output.get_attribute("class") or ""):
            # its text as shown; innerText would add a line break per line
            # span (each line is a block, for the highlighted-line style)
            printed = output.locator("code").text_content() or ""
        copied.append(CopiedBlock(path, title.split(" ")[0], text, printed))
        page.evaluate("() => navigator.clipboard.writeText('')")
    return copied


def test_every_runnable_block_runs_as_copied(
    clipboard_page: Page,
    site_url: str,
    built_site: Path,
    mongo_uri: str,
    unique_db_name: str,
    tmp_path: Path,
) -> None:
    copied = [
        block
        for path in _pages_with_runnable_blocks(built_site)
        for block in _copy_blocks(clipboard_page, site_url, path)
    ]
    distinct = {block.text for block in copied}
    assert len(distinct) >= MIN_RUNNABLE_BLOCKS, [b.file_name for b in copied]
    for block in copied:
        assert block.text.strip(), f"{block.page}: copied nothing"
    # A block shown on several pages copies the same text: it runs once.
    runs: dict[tuple[str, str, str | None], CopiedBlock] = {}
    for block in copied:
        runs.setdefault((block.file_name, block.text, block.printed), block)
    failures: list[str] = []
    for number, block in enumerate(runs.values()):
        directory = tmp_path / str(number)
        directory.mkdir()
        script = directory / block.file_name
        script.write_text(block.text, encoding="utf-8")
        env = reader_env(mongo_uri, f"{unique_db_name}-{number}")
        where = f"{block.page} {block.file_name}"
        if block.printed is not None:
            result = run_script(script, env)
            if result.returncode != 0:
                failures.append(f"{where}: exit {result.returncode}\n{result.stderr}")
            elif result.stdout.strip() != block.printed.strip():
                failures.append(f"{where} printed:\n{result.stdout}")
        else:
            with serve_app(script, env) as base_url:
                status = httpx.get(f"{base_url}/health").status_code
            if status != 200:
                failures.append(f"{where}: GET /health answered {status}")
    assert failures == []
