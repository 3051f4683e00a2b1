"""axe-core on every page of the built site, in the light and the dark palette."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.helpers import page_paths, wait_for_diagrams

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLOCKING_IMPACTS = {"serious", "critical"}


def _blocking_violations(page: Page, axe_script: str) -> list[str]:
    """Run axe-core on the page; describe each serious or critical violation."""
    if not page.evaluate("() => 'axe' in window"):
        page.add_script_tag(content=axe_script)
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations"
    )
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def test_every_page_has_no_serious_accessibility_violation_in_either_palette(
    browser: Browser, site_url: str, built_site: Path, axe_script: str
) -> None:
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for path in page_paths(built_site):
        page.goto(site_url + path, wait_until="load")
        wait_for_diagrams(page)
        for scheme, toggle in (("default", "__palette_1"), ("slate", "__palette_0")):
            assert page.evaluate("() => document.body.dataset.mdColorScheme") == scheme
            violations = _blocking_violations(page, axe_script)
            if violations:
                found[f"{path or '/'} ({scheme})"] = violations
            page.locator(f"label[for={toggle}]").click()
    context.close()
    assert found == {}
