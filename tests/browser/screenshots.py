"""Write PNGs of the site's key pages at desktop and phone size, for review.

Usage: ``python -m tests.browser.screenshots SITE_DIR OUT_DIR`` (``make
screenshots`` builds the site first). Each page is shot where a reader looks:
the top, a rule, a whole file, What changed, the first diagram, the
checklist's tools.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.browser.helpers import wait_for_diagrams
from tests.browser.site_host import serve_site

PAGES = {
    "home": "",
    "rule": "sop/03-mongodb/#DB-02",
    "whole-file": "source/examples/acacia-service/app/core/database.py/",
    "what-changed": "what-changed/",
    "diagram": "architecture/#service-architecture",
    "checklist": "checklist/",
}
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
SCHEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")


def take_screenshots(site: Path, out: Path) -> list[Path]:
    """Shoot every page at every viewport in both palettes; return the files."""
    executable = chromium_path()
    if executable is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with serve_site(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS
        )
        for viewport, (width, height) in VIEWPORTS.items():
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    color_scheme=scheme,
                    is_mobile=viewport == "phone",
                    has_touch=viewport == "phone",
                    device_scale_factor=1,
                )
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(url + path, wait_until="networkidle")
                    wait_for_diagrams(page)
                    file = out / f"{name}-{viewport}-{scheme}.png"
                    page.screenshot(path=str(file))
                    written.append(file)
                context.close()
        browser.close()
    return written


def main() -> None:
    """Command-line entry point."""
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m tests.browser.screenshots SITE_DIR OUT_DIR")
    for file in take_screenshots(Path(sys.argv[1]), Path(sys.argv[2])):
        print(file)


if __name__ == "__main__":
    main()
