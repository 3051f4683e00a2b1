"""Serve the built site on 127.0.0.1 and drive Debian's Chromium at it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.crawl import Crawl, crawl_site
from tests.browser.site_host import serve_site
from tests.conftest import IN_CI, ROOT, once_per_run

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


AXE_SCRIPT = ROOT / "tools" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


def chromium_path() -> str | None:
    """Debian's Chromium, wherever this machine has it."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium() -> str:
    """Debian's Chromium; a missing browser fails in CI, skips elsewhere."""
    executable = chromium_path()
    if executable is None:
        if IN_CI:
            pytest.fail("chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    return executable


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served by the site container's server on a free
    loopback port: pages run under its policy, compressed as it sends them."""
    with serve_site(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from Debian; a missing browser fails in CI.

    Module-scoped: sync Playwright runs an event loop of its own, which must be
    gone before the async database tests of other modules start.
    """
    executable = chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


# Material renders each diagram into a closed shadow root; open it so the tests
# can see the SVG that Mermaid produced.
OPEN_SHADOW_ROOTS = """
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attachShadow.call(this, { ...init, mode: "open" });
};
"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab."""
    context = browser.new_context()
    context.add_init_script(OPEN_SHADOW_ROOTS)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core's script, as pinned in tools/npm; a missing one fails in CI."""
    if not AXE_SCRIPT.is_file():
        message = "axe-core is not installed (make test runs npm ci in tools/npm)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def crawl(
    tmp_path_factory: pytest.TempPathFactory,
    built_site: Path,
    site_url: str,
    axe_script: str,
) -> Crawl:
    """Every page visited once per view (see :mod:`tests.browser.crawl`).

    Once per test run: test workers share the recorded visits.
    """
    executable = chromium()

    def record(folder: Path) -> None:
        visits = crawl_site(
            built_site, site_url, executable, CHROMIUM_FLAGS, axe_script
        )
        (folder / "crawl.json").write_text(json.dumps(visits.to_json()), "utf-8")

    folder = once_per_run(tmp_path_factory, "crawl", record)
    return Crawl.from_json(json.loads((folder / "crawl.json").read_text("utf-8")))
