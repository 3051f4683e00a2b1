"""A second visit asks the site's server again for its pages, never its scripts.

The site's server keeps content-hashed scripts and styles a year and has every
page revalidated (``deploy/site/site_server.py``); here Chromium visits a
diagram page twice in one browser while the server records what it is asked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from starlette.types import Receive, Scope, Send

from deploy.site.site_server import FINGERPRINTED, create_app
from tests.browser.helpers import wait_for_diagrams
from tests.browser.site_host import serve_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "architecture/"


def test_a_second_visit_revalidates_the_page_and_no_hashed_script(
    browser: Browser, built_site: Path
) -> None:
    asked: list[str] = []
    site = create_app(built_site)

    async def recording(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            asked.append(scope["path"])
        await site(scope, receive, send)

    with serve_site(built_site, recording) as url:
        context = browser.new_context()
        visits = []
        for _ in range(2):
            asked.clear()
            tab = context.new_page()
            tab.goto(url + PAGE, wait_until="networkidle")
            wait_for_diagrams(tab)
            tab.close()
            visits.append(list(asked))
        context.close()
    first, second = visits
    hashed = {
        path.rpartition("/")[2].partition(".")[0]
        for path in first
        if FINGERPRINTED.search(path)
    }
    assert {"bundle", "diagrams", "mermaid", "search-rule-ids"} <= hashed
    assert f"/{PAGE}" in second, "the page was not revalidated"
    assert [path for path in second if FINGERPRINTED.search(path)] == []
