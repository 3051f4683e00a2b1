"""Serve the built site on 127.0.0.1 and drive Debian's Chromium at it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.site_server import serve_site
from tests.conftest import IN_CI, ROOT

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


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served over HTTP on a free loopback port."""
    with serve_site(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from Debian; a missing browser fails in CI.

    Module-scoped: sync Playwright runs an event loop of its own, which must be
    gone before the async database tests of other modules start.
    """
    executable = chromium_path()
    if executable is None:
        if IN_CI:
            pytest.fail("chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed")
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
