"""One visit per page and view, recording what every page-wide check needs.

The checks that look at many pages (console errors, requests to other hosts,
the content-security policy, transfer size, diagrams, axe in both palettes,
widths on a phone) share one crawl: each page is opened once per view, and
the visit records everything; ``tests/browser/test_pages.py`` then asserts
over the records, one test per check, each failure naming the pages.

The views:

- ``light``: desktop, light palette, the browser cache off in its tabs
  (every load a cold one, so the bytes received are what a first visit
  costs): console errors, foreign requests, the policy header, bytes per URL,
  diagram measurements and axe. Every written page, the generated source
  pages that show every token kind of their file type
  (:func:`tests.browser.helpers.representative_paths`) and every page with a
  diagram, all audited by axe; and the largest source page of each file type
  (:func:`tests.browser.helpers.heaviest_source_paths`), for the checks of
  what a page loads and weighs (axe only when it is one of the former: a page
  of repeated code is repeated work for axe).
- ``dark``: the audited pages in the dark palette: console errors, foreign
  requests and axe.
- ``phone``: every page at 390 px on a touch screen: page width, prose that
  overflows, the site title cut.

Each view has one browser context, and a tab goes on to the next page when
it is done, as a reader's tab does: a new context or tab per page started a
renderer each time, and the crawl took a third more CPU (225 s against 170
on 2 cores, with the same records).

Pages are visited a few at a time (asynchronous Playwright in a thread of its
own, so no event loop of it outlives the crawl) to overlap the waits for the
network to go idle; a visit that fails (a timeout, a page error) is recorded
as that page's failure for that view.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Request,
    ViewportSize,
    async_playwright,
)

from tests.browser.helpers import (
    diagram_paths,
    heaviest_source_paths,
    page_paths,
    representative_paths,
)

DESKTOP = ViewportSize(width=1280, height=900)
PHONE = ViewportSize(width=390, height=844)
VIEWS = ("light", "dark", "phone")
PARALLEL_PAGES = 4
TIMEOUT_MS = 60_000
SEARCH_INDEX = "/search/search_index.json"
BLOCKING_IMPACTS = {"serious", "critical"}
RUN_AXE = (
    "() => axe.run(document, {resultTypes: ['violations']})"
    ".then(results => results.violations)"
)
DIAGRAMS_DRAWN = "() => !document.querySelector('pre.diagram:not(.diagram--error)')"
PROSE = "article :is(p, li, td, th, dd, h1, h2, h3, h4, h5, h6)"
MEASURE_PHONE = f"""() => ({{
  pageWidth: document.documentElement.scrollWidth,
  overflowing: [...document.querySelectorAll({PROSE!r})]
    .filter(el => !el.closest('pre, .md-typeset__table, figure'))
    .filter(el => el.getBoundingClientRect().right > innerWidth + 1)
    .map(el => el.textContent.trim().slice(0, 40)),
  titleCut: (t => t.scrollWidth > t.clientWidth)(
    document.querySelector('.md-header__topic .md-ellipsis')),
}})"""
# Every piece of text in a diagram, with its rendered size and box on screen.
MEASURE_LABELS = """svg => {
  const leaves = [...svg.querySelectorAll('text, tspan, foreignObject *')]
    .filter(el => el.textContent.trim() && !el.querySelector('tspan, p, span, div'));
  return leaves.map(el => {
    const host = el.closest('foreignObject') || el;
    const m = host.getScreenCTM();
    const r = el.getBoundingClientRect();
    return {
      text: el.textContent.trim(),
      px: parseFloat(getComputedStyle(el).fontSize)
        * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)),
      box: [r.left, r.top, r.right, r.bottom],
    };
  });
}"""
CODE_COLUMNS = 88  # ruff's line length: the width code on the site is written to
SHOW_ALL = ".tabbed-set > .tabbed-content > .tabbed-block { display: block; }"
# At 1280 px (the light view): code blocks that scroll sideways, and those too
# narrow for an 88-column line beside their line numbers (every <details>
# opened, every tab shown).
MEASURE_CODE = f"""() => {{
  document.querySelectorAll('article details').forEach(box => {{ box.open = true; }});
  const blocks = [...document.querySelectorAll('article :is(pre > code, .highlight)')];
  const scrolls = blocks.filter(block => block.scrollWidth > block.clientWidth);
  const narrow = [...document.querySelectorAll('article pre > code')].filter(code => {{
    const probe = document.createElement('span');
    probe.textContent = 'm'.repeat({CODE_COLUMNS});
    probe.style.whiteSpace = 'pre';
    const numbers = code.querySelector('.linenos');
    numbers ? numbers.after(probe) : code.prepend(probe);
    const right = code.getBoundingClientRect().left + code.clientLeft
      + code.clientWidth - parseFloat(getComputedStyle(code).paddingRight);
    const fits = probe.getBoundingClientRect().right <= right + 0.5;
    probe.remove();
    return !fits;
  }});
  const name = block => block.textContent.trim().split('\\n')[0].slice(0, 50);
  return {{
    blocks: blocks.length,
    scrolls: scrolls.map(name),
    narrow: narrow.map(name),
  }};
}}"""
DESCRIBE_DIAGRAM = """svg => ({
  name: document.getElementById(svg.getAttribute('aria-labelledby'))
    ?.textContent.trim(),
  description: document.getElementById(svg.getAttribute('aria-describedby'))
    ?.textContent.trim(),
})"""


@dataclass
class Visit:
    """What one page showed in one view."""

    path: str
    view: str
    failure: str | None = None  # the visit itself failed: timeout, page crash
    errors: list[str] = field(default_factory=list)  # console and page errors
    foreign: list[str] = field(default_factory=list)  # requests to other hosts
    policy: str | None = None  # the page's content-security-policy header
    scheme: str | None = None  # the palette the page applied
    received: dict[str, int] = field(default_factory=dict)  # bytes per URL
    broken_diagrams: int = 0
    diagrams: list[dict[str, Any]] = field(default_factory=list)
    audited: bool = False  # axe ran on the page
    violations: list[str] = field(default_factory=list)  # axe, serious+
    phone: dict[str, Any] = field(default_factory=dict)
    code: dict[str, Any] = field(default_factory=dict)  # MEASURE_CODE, light view


@dataclass
class Crawl:
    """Every visit, by view and page."""

    visits: list[Visit]

    def of(self, view: str) -> dict[str, Visit]:
        """The visits of one view, by page."""
        return {visit.path: visit for visit in self.visits if visit.view == view}

    def to_json(self) -> list[dict[str, Any]]:
        """The visits as JSON, to share between test workers."""
        return [asdict(visit) for visit in self.visits]

    @classmethod
    def from_json(cls, visits: list[dict[str, Any]]) -> Crawl:
        """The crawl another worker recorded."""
        return cls([Visit(**visit) for visit in visits])


def audited_paths(site: Path) -> list[str]:
    """The pages axe audits in either palette."""
    return sorted(set(representative_paths(site)) | set(diagram_paths(site)))


def pages_per_view(site: Path) -> dict[str, list[str]]:
    """The pages each view visits."""
    audited = audited_paths(site)
    light = sorted(set(audited) | set(heaviest_source_paths(site)))
    return {"light": light, "dark": audited, "phone": page_paths(site)}


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    """Describe each serious or critical violation with a few of its elements."""
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def crawl_site(
    site: Path, base_url: str, executable: str, chromium_flags: list[str], axe: str
) -> Crawl:
    """Visit every page in every view; run in a thread with its own event loop."""
    visits: list[Visit] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            visits.extend(
                asyncio.run(_crawl(site, base_url, executable, chromium_flags, axe))
            )
        except BaseException as error:  # re-raised in the test's thread
            failed.append(error)

    thread = threading.Thread(target=run, name="crawl")
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return Crawl(visits)


async def _crawl(
    site: Path, base_url: str, executable: str, chromium_flags: list[str], axe: str
) -> list[Visit]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, args=chromium_flags
        )
        contexts = {
            "light": await _context(browser, "light", DESKTOP, axe),
            "dark": await _context(browser, "dark", DESKTOP, axe),
            "phone": await _context(browser, "light", PHONE, None, mobile=True),
        }
        slots = asyncio.Semaphore(PARALLEL_PAGES)
        idle_tabs: dict[str, list[Page]] = {view: [] for view in VIEWS}

        async def new_tab(view: str) -> Page:
            page = await contexts[view].new_page()
            if view == "light":  # every load a first visit's: nothing from a cache
                session = await contexts[view].new_cdp_session(page)
                await session.send("Network.enable")
                await session.send("Network.setCacheDisabled", {"cacheDisabled": True})
            return page

        async def visit(path: str, view: str) -> Visit:
            async with slots:
                record = Visit(path, view)
                tabs = idle_tabs[view]
                page = tabs.pop() if tabs else await new_tab(view)
                try:
                    await _visit(page, base_url, record, audit=path in audited)
                except Exception as error:  # recorded as the page's failure
                    record.failure = f"{type(error).__name__}: {error}"
                finally:
                    if record.failure:
                        await page.close()
                    else:
                        tabs.append(page)
                return record

        views = pages_per_view(site)
        audited = set(views["dark"])  # the dark view is the audited pages
        visits = await asyncio.gather(
            *(visit(path, view) for view in VIEWS for path in views[view])
        )
        await browser.close()
    return list(visits)


async def _context(
    browser: Browser,
    scheme: str,
    viewport: ViewportSize,
    axe: str | None,
    *,
    mobile: bool = False,
) -> BrowserContext:
    context = await browser.new_context(
        viewport=viewport,
        color_scheme="dark" if scheme == "dark" else "light",
        is_mobile=mobile,
        has_touch=mobile,
    )
    context.set_default_timeout(TIMEOUT_MS)
    if axe is not None:
        # An init script runs whatever the page's content-security policy says
        # (an injected script tag would be refused).
        await context.add_init_script(script=axe)
    return context


async def _visit(page: Page, base_url: str, record: Visit, *, audit: bool) -> None:
    """Open ``record``'s page in ``page`` and record what it shows.

    The listeners go when the visit ends, so a tab that opens the next page
    records nothing more here.
    """
    host = urlparse(base_url).netloc
    finished: list[Request] = []
    search_index = asyncio.Event()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            record.errors.append(message.text)

    def on_page_error(error: Error) -> None:
        record.errors.append(str(error))

    def on_request(request: Request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in {"http", "https", "ws", "wss"} and parsed.netloc != host:
            record.foreign.append(request.url)

    def on_finished(request: Request) -> None:
        finished.append(request)
        if request.url.endswith(SEARCH_INDEX):
            search_index.set()

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("request", on_request)
    page.on("requestfinished", on_finished)
    try:
        if record.view == "phone":
            await page.goto(base_url + record.path, wait_until="load")
            record.phone = await page.evaluate(MEASURE_PHONE)
            return

        response = await page.goto(
            base_url + record.path,
            wait_until="networkidle" if record.view == "light" else "load",
        )
        if response is not None:
            record.policy = await response.header_value("content-security-policy")
        record.scheme = await page.evaluate("() => document.body.dataset.mdColorScheme")
        await page.wait_for_function(DIAGRAMS_DRAWN)
        record.broken_diagrams = await page.locator("pre.diagram--error").count()
        if record.view == "light":
            # the search worker may start fetching after a busy machine's idle gap
            await asyncio.wait_for(search_index.wait(), TIMEOUT_MS / 1000)
            for request in finished:
                sizes = await request.sizes()
                record.received[request.url] = (
                    sizes["responseBodySize"] + sizes["responseHeadersSize"]
                )
            for svg in await page.locator("figure.diagram > svg").all():
                record.diagrams.append(
                    {
                        "labels": await svg.evaluate(MEASURE_LABELS),
                        **await svg.evaluate(DESCRIBE_DIAGRAM),
                    }
                )
        if audit:
            record.violations = blocking(await page.evaluate(RUN_AXE))
            record.audited = True
        if record.view == "light":  # last: it opens and shows what was hidden
            await page.add_style_tag(content=SHOW_ALL)
            record.code = await page.evaluate(MEASURE_CODE)
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_page_error)
        page.remove_listener("request", on_request)
        page.remove_listener("requestfinished", on_finished)
