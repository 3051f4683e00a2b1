"""Every page in Chromium: errors, requests, policy, weight, diagrams, axe, phone.

One crawl (:mod:`tests.browser.crawl`) opens each page once per view and
records what it saw; each test here asserts one check over the records and
names the pages (and views) that fail it. The desktop views visit every
written page, the generated source pages that show every token kind of their
file type (see :func:`tests.browser.helpers.representative_paths`) and every
page with a diagram; the light view also the largest source page of each file
type; the phone view visits every page. The light view is 1280 px wide,
where code must fit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from deploy.site.site_server import content_security_policy
from tests.browser.crawl import (
    SEARCH_INDEX,
    Crawl,
    Visit,
    audited_paths,
    pages_per_view,
)
from tests.browser.helpers import (
    diagram_paths,
    representative_paths,
    source_pages_by_type,
    token_kinds,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DESKTOP_VIEWS = ("light", "dark")
MERMAID_SCRIPT = re.compile(r"/assets/javascripts/mermaid\.[0-9a-f]+\.min\.js$")
# bytes on the wire, all of a page's requests, cold cache, compressed by the
# site's own server
PAGE_WEIGHT_BUDGET = 300_000
READABLE_PX = 12
PHONE_WIDTH = 390


def _visits(crawl: Crawl, *views: str) -> dict[str, Visit]:
    """The visits of ``views`` by "page (view)"; fails on a visit that failed."""
    visits = {
        f"{path or '/'} ({view})": visit
        for view in views
        for path, visit in crawl.of(view).items()
    }
    failed = {where: v.failure for where, v in visits.items() if v.failure}
    assert failed == {}, "these visits failed, so their checks did not run"
    return visits


def test_every_view_visits_its_pages(crawl: Crawl, built_site: Path) -> None:
    assert len(representative_paths(built_site)) >= 14
    expected = pages_per_view(built_site)
    assert {view: sorted(crawl.of(view)) for view in expected} == expected
    _visits(crawl, *expected)


def test_the_audited_source_pages_show_every_token_kind_of_their_type(
    built_site: Path,
) -> None:
    chosen = set(representative_paths(built_site))
    for file_type, paths in source_pages_by_type(built_site).items():
        kinds = {path: token_kinds(built_site, path) for path in paths}
        shown = set().union(*(kinds[path] for path in paths if path in chosen))
        assert chosen & set(paths), f"no {file_type} page is audited"
        assert shown == set().union(*kinds.values()), file_type
    python = source_pages_by_type(built_site)[".py"]
    assert len(set().union(*(token_kinds(built_site, p) for p in python))) >= 20


def test_pages_load_without_console_errors(crawl: Crawl) -> None:
    errors = {w: v.errors for w, v in _visits(crawl, *DESKTOP_VIEWS).items()}
    assert {where: found for where, found in errors.items() if found} == {}


def test_pages_request_nothing_from_another_host(crawl: Crawl) -> None:
    foreign = {w: v.foreign for w, v in _visits(crawl, *DESKTOP_VIEWS).items()}
    assert {where: found for where, found in foreign.items() if found} == {}


def test_pages_run_under_the_site_containers_policy(
    crawl: Crawl, built_site: Path
) -> None:
    policy = content_security_policy(built_site)
    visits = _visits(crawl, *DESKTOP_VIEWS)
    assert {w: v.policy for w, v in visits.items() if v.policy != policy} == {}
    refused = {
        where: [error for error in visit.errors if "Content Security Policy" in error]
        for where, visit in visits.items()
    }
    assert {where: found for where, found in refused.items() if found} == {}


def test_pages_without_a_diagram_transfer_under_the_budget_on_a_cold_load(
    crawl: Crawl, built_site: Path
) -> None:
    with_diagrams = set(diagram_paths(built_site))
    problems: dict[str, str] = {}
    for where, visit in _visits(crawl, "light").items():
        if visit.path in with_diagrams:
            continue
        received = visit.received
        total = sum(received.values())
        if not any(url.endswith(SEARCH_INDEX) for url in received):
            problems[where] = "the search index was not loaded"
        elif any(MERMAID_SCRIPT.search(url) for url in received):
            problems[where] = "Mermaid loaded on a page without a diagram"
        elif total >= PAGE_WEIGHT_BUDGET:
            problems[where] = f"{total} bytes, over {PAGE_WEIGHT_BUDGET}"
    assert problems == {}


def test_pages_with_a_diagram_load_mermaid(crawl: Crawl, built_site: Path) -> None:
    paths = diagram_paths(built_site)
    assert len(paths) >= 3
    light = crawl.of("light")
    _visits(crawl, "light")
    problems: dict[str, str] = {}
    for path in paths:
        received = light[path].received
        if not any(MERMAID_SCRIPT.search(url) for url in received):
            problems[path] = "Mermaid was not loaded"
        elif sum(received.values()) <= PAGE_WEIGHT_BUDGET:  # the budget can fail
            problems[path] = f"only {sum(received.values())} bytes"
    assert problems == {}


def test_every_diagram_is_drawn_in_either_palette(crawl: Crawl) -> None:
    visits = _visits(crawl, *DESKTOP_VIEWS)
    assert {w: v.broken_diagrams for w, v in visits.items() if v.broken_diagrams} == {}


def _overlaps(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of labels whose glyphs cross (line boxes of one label may touch)."""
    found = []
    for i, first in enumerate(labels):
        for second in labels[i + 1 :]:
            a, b = first["box"], second["box"]
            width = min(a[2], b[2]) - max(a[0], b[0])
            height = min(a[3], b[3]) - max(a[1], b[1])
            shorter = min(a[3] - a[1], b[3] - b[1])
            if width > 1 and height > 0.3 * shorter:
                found.append((first["text"], second["text"]))
    return found


def _diagram_problems(diagram: dict[str, Any]) -> list[str]:
    labels = diagram["labels"]
    if not labels:
        return ["a diagram without text"]
    problems = []
    smallest = min(label["px"] for label in labels)
    if smallest < READABLE_PX:
        problems.append(f"text at {smallest:.1f} px")
    if overlaps := _overlaps(labels):
        problems.append(f"labels overlap: {overlaps}")
    name, description = diagram["name"], diagram["description"]
    if not name:
        problems.append("a diagram without an accessible name")
    if not description:
        problems.append("a diagram without a description")
    elif name and len(description) <= len(name):
        problems.append("a description no longer than the name")
    return problems


def test_every_diagram_is_readable_described_and_free_of_overlaps(
    crawl: Crawl, built_site: Path
) -> None:
    light = _visits(crawl, "light")
    diagrams = [
        (where, diagram)
        for where, visit in light.items()
        if visit.path in diagram_paths(built_site)
        for diagram in visit.diagrams
    ]
    problems = [
        f"{where}: {problem}"
        for where, diagram in diagrams
        for problem in _diagram_problems(diagram)
    ]
    assert problems == []
    assert len(diagrams) >= 8


def test_pages_have_no_serious_accessibility_violation_in_either_palette(
    crawl: Crawl, built_site: Path
) -> None:
    visits = _visits(crawl, *DESKTOP_VIEWS)
    audited = {w for w, v in visits.items() if v.audited}
    assert audited == {
        f"{path or '/'} ({view})"
        for view in DESKTOP_VIEWS
        for path in audited_paths(built_site)
    }
    expected = {"light": "default", "dark": "slate"}
    assert {
        w: v.scheme for w, v in visits.items() if v.scheme != expected[v.view]
    } == {}
    assert {w: v.violations for w, v in visits.items() if v.violations} == {}


def test_prose_never_scrolls_sideways_and_the_title_fits_on_a_phone(
    crawl: Crawl,
) -> None:
    problems = {
        where: visit.phone
        for where, visit in _visits(crawl, "phone").items()
        if visit.phone["pageWidth"] > PHONE_WIDTH
        or visit.phone["overflowing"]
        or visit.phone["titleCut"]
    }
    assert problems == {}


def test_no_code_block_scrolls_sideways_at_1280_px_and_88_columns_fit(
    crawl: Crawl,
) -> None:
    # Whole-file pages share one layout and code is monospaced, so the light
    # view's pages (every written page, a source page per token kind and per
    # file type) stand for all of them.
    visits = _visits(crawl, "light")
    assert sum(visit.code["blocks"] for visit in visits.values()) > 300
    problems = {
        where: {"scrolls": visit.code["scrolls"], "narrow": visit.code["narrow"]}
        for where, visit in visits.items()
        if visit.code["scrolls"] or visit.code["narrow"]
    }
    assert problems == {}
