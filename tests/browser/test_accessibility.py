"""axe-core on the built site's pages, in the light and the dark palette.

Every written page, and the largest generated source page of each file type
(see :func:`tests.browser.helpers.representative_paths`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.helpers import representative_paths, wait_for_diagrams

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLOCKING_IMPACTS = {"serious", "critical"}
START_AXE = (
    "() => { window.axeViolations = axe.run(document, {resultTypes: ['violations']})"
    ".then(results => results.violations); }"
)


def _blocking(violations: list[dict[str, Any]]) -> list[str]:
    """Describe each serious or critical violation with a few of its elements."""
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def test_pages_have_no_serious_accessibility_violation_in_either_palette(
    browser: Browser, site_url: str, built_site: Path, axe_script: str
) -> None:
    # One tab per palette; axe runs in both at once (each tab has its own
    # renderer process), then the results are collected.
    tabs: dict[str, Page] = {
        scheme: browser.new_context(color_scheme=scheme).new_page()
        for scheme in ("light", "dark")
    }
    found: dict[str, list[str]] = {}
    for path in representative_paths(built_site):
        for scheme, tab in tabs.items():
            tab.goto(site_url + path, wait_until="load")
            wait_for_diagrams(tab)
            expected = "slate" if scheme == "dark" else "default"
            assert tab.evaluate("() => document.body.dataset.mdColorScheme") == expected
            tab.add_script_tag(content=axe_script)
            tab.evaluate(START_AXE)
        for scheme, tab in tabs.items():
            violations = _blocking(tab.evaluate("() => window.axeViolations"))
            if violations:
                found[f"{path or '/'} ({scheme})"] = violations
    for tab in tabs.values():
        tab.context.close()
    assert found == {}
