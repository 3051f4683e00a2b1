"""Reader aids: last-update dates from git, edit links, footer links, changelog."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import (
    CONFIGURED_REPOSITORY,
    DOCS_DIR,
    ROOT,
    ShallowBuild,
    page_html,
)

pytestmark = pytest.mark.docs

UPDATED = re.compile(r'git-revision-date-localized-plugin-date" title="([^"]+)"')
EDIT_ANCHOR = re.compile(r'<a\b[^>]*\brel="edit"[^>]*>')
HREF = re.compile(r'\bhref="([^"]+)"')
FOOTER_ANCHOR = re.compile(r"<a\b[^>]*\bmd-footer__link--(\w+)\b[^>]*>")
DEFAULT_REPO = "https://git.acacia-analytics.internal/engineering/acacia-sop"


def _hrefs(anchor: re.Pattern[str], html: str) -> list[str]:
    """The targets of the links ``anchor`` matches, whatever the attribute order."""
    return [HREF.findall(match[0])[0] for match in anchor.finditer(html)]


def _edit_links(html: str) -> list[str]:
    return _hrefs(EDIT_ANCHOR, html)


def _sources() -> list[str]:
    return sorted(
        p.relative_to(DOCS_DIR).as_posix()
        for p in DOCS_DIR.rglob("*.md")
        if "snippets" not in p.parts
    )


def _committed_day(src: str, cwd: Path = ROOT) -> str | None:
    """The day of the last commit that touched ``docs/src``, as the page shows it."""
    stamp = subprocess.run(
        ["git", "log", "-1", "--format=%at", "--", f"docs/{src}"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not stamp:
        return None
    day = datetime.fromtimestamp(int(stamp), UTC)
    return f"{day:%B} {day.day}, {day.year}"


def test_every_written_page_shows_the_day_of_its_last_commit(
    built_site: Path,
) -> None:
    checked, wrong = 0, []
    for src in _sources():
        expected = _committed_day(src)
        if expected is None:  # not committed yet: the build date stands in
            continue
        shown = UPDATED.findall(page_html(built_site, src))
        checked += 1
        if len(shown) != 1 or not shown[0].startswith(expected):
            wrong.append(f"{src}: {shown} != {expected}")
    assert checked >= 15
    assert wrong == []


def test_generated_pages_show_no_date_and_no_edit_link(built_site: Path) -> None:
    for generated in ["rules.md", "checklist.md", "reference/api.md"]:
        html = page_html(built_site, generated)
        assert UPDATED.search(html) is None, generated
        assert _edit_links(html) == [], generated


def test_every_written_page_links_to_its_source_in_the_company_repository(
    built_site: Path,
) -> None:
    links = {src: _edit_links(page_html(built_site, src)) for src in _sources()}

    assert links == {src: [f"{DEFAULT_REPO}/edit/main/docs/{src}"] for src in links}
    # Material would fetch repository facts from GitHub's or GitLab's API.
    assert "github" not in DEFAULT_REPO
    assert "gitlab" not in DEFAULT_REPO


def test_footer_links_follow_the_navigation(built_site: Path) -> None:
    html = page_html(built_site, "sop/03-mongodb.md")
    footer = dict(
        zip(FOOTER_ANCHOR.findall(html), _hrefs(FOOTER_ANCHOR, html), strict=True)
    )

    assert footer == {"prev": "../02-code-style/", "next": "../04-fastapi/"}


def test_the_site_changelog_is_a_page_in_the_navigation(built_site: Path) -> None:
    home = page_html(built_site, "index.md")

    assert re.search(r'href="changelog/"[^>]*>\s*(<[^>]+>\s*)*Site changelog', home)
    assert "<h1" in page_html(built_site, "changelog.md")


@pytest.mark.slow
def test_a_shallow_clone_builds_strictly_with_dates_and_a_configured_repository(
    shallow_build: ShallowBuild,
) -> None:
    assert shallow_build.returncode == 0, shallow_build.stderr[-3000:]
    html = page_html(shallow_build.site, "sop/03-mongodb.md")
    assert UPDATED.findall(html)[0].startswith(
        str(_committed_day("sop/03-mongodb.md", shallow_build.clone))
    )
    assert (
        CONFIGURED_REPOSITORY["SOP_REPO_URL"] == "https://source.example.internal/sop"
    )
    assert _edit_links(html) == [
        "https://source.example.internal/sop/src/branch/main/docs/sop/03-mongodb.md"
    ]
