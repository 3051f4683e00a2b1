"""`make release` twice: both versions readable, switchable offline, IDs kept."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from html import unescape
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, Route

from acacia_sop.checker.rule_history import digests
from sitebuild.releases import id_problems, release_history, rules_at
from tests.browser.crawl import RUN_AXE, blocking
from tests.browser.helpers import watch
from tests.conftest import ShallowBuild, build_image_site
from tests.versions.conftest import (
    NEW_TITLE,
    OLD_TITLE,
    WITHDRAWN,
    WITHDRAWN_REASON,
    Releases,
    git,
    make,
    set_version,
    versions_json,
)

pytestmark = pytest.mark.slow

# Material's version selector names its button "Select version" while it
# shows the version (axe: label-content-name-mismatch), whatever the page.
RUN_AXE_BUT_THE_SELECTOR = RUN_AXE.replace(
    "axe.run(document,", "axe.run({exclude: [['.md-version']]},"
)
RULE_ANCHOR = re.compile(r'class="rule-id" href="#([A-Z]{2,4}-\d{2})"')


# The image's two builds come first: pytest-xdist gives a worker its next
# file once two of its tests are left, so the file's two slowest tests at its
# end held that next file back for minutes (tests/schedule.py).


def test_the_image_serves_the_commit_when_the_checkout_has_no_releases(
    shallow_build: ShallowBuild,
) -> None:
    # Cloud Build's checkout without the versions branch (default SITE_BRANCH)
    assert shallow_build.returncode == 0, shallow_build.stderr[-3000:]
    assert git(shallow_build.clone, "branch", "--list", "site-versions") == ""
    assert not (shallow_build.site / "versions.json").exists()
    assert not (shallow_build.site / "1.0").exists()
    assert (shallow_build.site / "sop" / "03-mongodb" / "index.html").exists()


def test_the_image_serves_every_release_when_the_checkout_has_them(
    releases: Releases, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = build_image_site(releases.repo, out, SITE_BRANCH="site-versions")

    assert result.returncode == 0, result.stderr[-3000:]
    assert (out / "versions.json").exists()
    assert (out / "1.0" / "sop" / "03-mongodb" / "index.html").exists()
    assert not (out / "sop" / "03-mongodb" / "index.html").exists()


def _rule_ids_shown(site: Path, version: str) -> set[str]:
    return {
        rule_id
        for html in (site / version).rglob("*.html")
        for rule_id in RULE_ANCHOR.findall(html.read_text("utf-8"))
    }


def test_each_release_is_a_version_and_latest_is_the_newest(
    releases: Releases,
) -> None:
    assert versions_json(releases.site) == [
        {"version": "1.1", "title": "1.1", "aliases": ["latest"]},
        {"version": "1.0", "title": "1.0", "aliases": []},
    ]
    assert git(releases.repo, "tag", "--list").split() == ["1.0", "1.1"]
    assert "latest/" in (releases.site / "index.html").read_text()


def test_each_release_is_one_version_of_the_site_and_the_wheel(
    releases: Releases,
) -> None:
    tags = git(releases.repo, "tag", "--list").split()
    versions = {
        tag: tomllib.loads(git(releases.repo, "show", f"{tag}:pyproject.toml"))[
            "project"
        ]["version"]
        for tag in tags
    }

    assert versions == {"1.0": "1.0", "1.1": "1.1"}
    assert [entry["version"] for entry in versions_json(releases.site)] == [
        "1.1",
        "1.0",
    ]


def test_make_release_refuses_a_version_the_wheel_does_not_have(
    release_clone: Path,
) -> None:
    changelog = release_clone / "docs" / "changelog.md"
    changelog.write_text(changelog.read_text("utf-8") + "\n## 1.2\n")
    git(release_clone, "commit", "--quiet", "-am", "changelog 1.2, version 1.1")

    result = make(release_clone, "release", "VERSION=1.2")

    assert result.returncode == 2
    assert (
        "make release: pyproject.toml's version is 1.1, not 1.2; set it first"
        in result.stderr.splitlines()
    )
    assert git(release_clone, "tag", "--list").split() == ["1.0", "1.1"]


def test_the_release_builds_the_wheel_at_its_version_with_every_template(
    release_clone: Path, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"

    result = make(release_clone, "dist", f"DIST_DIR={dist}")

    assert result.returncode == 0, result.stderr[-3000:]
    (wheel,) = dist.glob("*.whl")
    assert wheel.name == "acacia_sop-1.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        bundle = tmp_path / "template.bundle"
        bundle.write_bytes(archive.read("acacia_sop/starter/data/template.bundle"))
    heads = git(tmp_path, "bundle", "list-heads", str(bundle)).split()
    assert [ref for ref in heads if ref.startswith("refs/tags/")] == [
        "refs/tags/v1.0",
        "refs/tags/v1.1",
    ]


def test_old_versions_stay_readable(releases: Releases) -> None:
    def mongodb_page(version: str) -> str:
        return (releases.site / version / "sop/03-mongodb/index.html").read_text()

    assert OLD_TITLE in mongodb_page("1.0")
    assert NEW_TITLE not in mongodb_page("1.0")
    assert NEW_TITLE in mongodb_page("1.1")
    assert mongodb_page("latest") == mongodb_page("1.1")


def test_rule_ids_are_never_renumbered_or_reused_across_releases(
    releases: Releases,
) -> None:
    history = release_history(releases.repo)

    assert [version for version, _ in history] == ["1.0", "1.1"]
    assert id_problems(history) == []
    for version, rules in history:
        assert _rule_ids_shown(releases.site, version) == set(rules)


def test_a_release_that_would_reuse_an_id_is_refused(release_clone: Path) -> None:
    page = release_clone / "docs" / "sop" / "03-mongodb.md"
    original = page.read_text("utf-8")
    page.write_text(original.replace("DB-01 · ", "DB-99 · ", 1))
    git(release_clone, "commit", "--quiet", "-am", "renumber DB-01")
    changelog = release_clone / "docs" / "changelog.md"
    changelog.write_text(changelog.read_text() + "\n## 1.2\n")
    set_version(release_clone, "1.2")
    git(release_clone, "commit", "--quiet", "-am", "changelog and version 1.2")
    result = make(release_clone, "release", "VERSION=1.2")

    assert result.returncode != 0
    assert "rule IDs: 1.2: DB-01 is renumbered DB-99" in result.stderr
    assert git(release_clone, "tag", "--list").split() == ["1.0", "1.1"]


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("1", "make release: give VERSION=x.y, for example VERSION=1.2"),
        ("1.0", "make release: tag 1.0 is not HEAD; check it out first"),
        ("2.0", 'make release: docs/changelog.md has no "## 2.0" section'),
    ],
)
def test_make_release_refuses_with_one_line(
    release_clone: Path, version: str, message: str
) -> None:
    git(release_clone, "commit", "--quiet", "--allow-empty", "-m", "after 1.1")
    result = make(release_clone, "release", f"VERSION={version}")

    assert result.returncode == 2
    assert message in result.stderr.splitlines()


@pytest.mark.browser
def test_the_version_selector_switches_versions_offline(
    page: Page, versions_url: str
) -> None:
    host = urlparse(versions_url).netloc

    def offline(route: Route) -> None:
        if urlparse(route.request.url).netloc == host:
            route.continue_()
        else:
            route.abort("internetdisconnected")

    page.context.route("**/*", offline)
    errors, foreign = watch(page, versions_url)
    page.goto(versions_url, wait_until="networkidle")
    assert "/latest/" in page.url
    page.goto(versions_url + "latest/sop/03-mongodb/", wait_until="networkidle")
    current = page.locator(".md-version__current")
    assert current.inner_text() == "1.1"
    assert NEW_TITLE in page.locator("#DB-01").locator("..").inner_text()

    current.focus()  # the list opens on focus, as on hover
    page.locator(".md-version__link", has_text="1.0").click()
    page.wait_for_url("**/1.0/**")
    page.wait_for_load_state("networkidle")

    assert "/1.0/sop/03-mongodb/" in page.url
    assert page.locator(".md-version__current").inner_text() == "1.0"
    assert OLD_TITLE in page.locator("#DB-01").locator("..").inner_text()
    assert errors == []
    assert foreign == []


def _main_text(site: Path, version: str, page: str) -> str:
    html = (site / version / page / "index.html").read_text("utf-8")
    return html.split('<article class="md-content__inner md-typeset">', 1)[1].split(
        "</article>", 1
    )[0]


def _sections(page: str) -> tuple[str, dict[str, str]]:
    """The text before the first ``<h2>``, and each section's HTML by heading."""
    sections = re.split(r"<h2[^>]*>", page)
    headings = [
        unescape(re.sub(r"<[^>]+>", "", s.split("</h2>")[0])).strip("¶ ")
        for s in sections[1:]
    ]
    body = dict(
        zip(headings, (s.split("</h2>", 1)[1] for s in sections[1:]), strict=True)
    )
    return sections[0], body


def test_what_changed_in_1_1_lists_exactly_the_changed_and_withdrawn_rules(
    releases: Releases,
) -> None:
    intro, body = _sections(_main_text(releases.site, "1.1", "what-changed"))

    assert "What changed in 1.1" in intro
    assert "Since 1.0: 0 added, 1 changed, 1 withdrawn" in intro
    assert list(body) == ["Added", "Changed", "Withdrawn"]
    assert re.findall(r'id="([A-Z]+-\d+)"', body["Changed"]) == []
    assert re.findall(r'href="\.\./sop/03-mongodb/#([A-Z]+-\d+)"', body["Changed"]) == [
        "DB-01"
    ]
    changed = body["Changed"].split("</h3>", 1)[1]
    assert "<del>Route</del> <ins>Open</ins> every database connection" in changed
    assert "<del>through</del> <ins>only in</ins>" in changed
    assert changed.count(OLD_TITLE.split()[-2]) == 1, "the title is repeated"
    assert "None." in body["Added"]
    assert re.findall(
        r'<a href="\.\./\.\./1\.0/sop/10-workflow/#(WF-08)">', body["Withdrawn"]
    ) == [WITHDRAWN]


def test_what_changed_shows_no_raw_markdown(releases: Releases) -> None:
    page = _main_text(releases.site, "1.1", "what-changed")
    text = unescape(re.sub(r"<pre.*?</pre>|<[^>]+>", " ", page, flags=re.DOTALL))

    assert "`" not in text
    assert re.findall(r"\]\(|\*\*", text) == []


@pytest.mark.browser
def test_the_word_diff_is_in_colour_and_more_than_colour(
    page: Page, versions_url: str
) -> None:
    page.goto(versions_url + "1.1/what-changed/", wait_until="load")

    def look(selector: str) -> tuple[str, str, str]:
        style = page.locator(f"article .word-diff {selector}").first.evaluate(
            "e => { const s = getComputedStyle(e);"
            " return [s.backgroundColor, s.color, s.textDecorationLine]; }"
        )
        return (style[0], style[1], style[2])

    removed, added = look("del"), look("ins")
    plain = page.locator("article .word-diff").first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert removed[0] != plain
    assert added[0] != plain
    assert removed[:2] != added[:2]
    assert (removed[2], added[2]) == ("line-through", "underline")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_what_changed_and_a_stub_pass_axe(
    page: Page, versions_url: str, axe_script: str, scheme: Literal["light", "dark"]
) -> None:
    page.context.add_init_script(script=axe_script)
    page.emulate_media(color_scheme=scheme)
    problems: dict[str, list[str]] = {}
    for path in ("1.1/what-changed/", "1.1/sop/10-workflow/", "1.0/sop/10-workflow/"):
        page.goto(versions_url + path, wait_until="networkidle")
        if found := blocking(page.evaluate(RUN_AXE_BUT_THE_SELECTOR)):
            problems[path] = found

    assert problems == {}


def test_a_withdrawn_rule_keeps_a_stub_at_its_old_anchor(releases: Releases) -> None:
    page = _main_text(releases.site, "1.1", "sop/10-workflow")
    stub = page.split(f'id="{WITHDRAWN}"', 1)[1].split("<h", 1)[0]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", stub)).split())

    assert "Withdrawn in 1.1" in text
    assert WITHDRAWN_REASON in text
    assert f'href="../../../1.0/sop/10-workflow/#{WITHDRAWN}"' in stub
    index = json.loads(
        (releases.site / "1.1" / "search" / "search_index.json").read_text("utf-8")
    )
    found = [d["location"] for d in index["docs"] if WITHDRAWN in d["title"]]
    assert found == [f"sop/10-workflow/#{WITHDRAWN}"]
    assert f'id="{WITHDRAWN}"' in _main_text(releases.site, "1.0", "sop/10-workflow")


@pytest.mark.browser
def test_the_old_anchor_of_a_withdrawn_rule_lands_on_its_stub(
    page: Page, versions_url: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(versions_url + f"1.1/sop/10-workflow/#{WITHDRAWN}", wait_until="load")
    stub = page.locator(f"[id='{WITHDRAWN}']")
    page.wait_for_function("() => window.scrollY > 0")

    box = stub.bounding_box()
    assert box is not None
    assert 48 <= box["y"] <= 800 - 2 * box["height"], f"the stub is at {box['y']} px"
    stub.locator("xpath=following-sibling::p[1]//a").click()
    page.wait_for_url(f"**/1.0/sop/10-workflow/#{WITHDRAWN}")
    assert page.locator(".md-version__current").inner_text() == "1.0"


@pytest.mark.browser
def test_only_old_versions_show_the_banner_to_the_newest(
    page: Page, versions_url: str
) -> None:
    banner = page.locator('[data-md-component="outdated"]')
    for version in ("latest", "1.1"):
        page.goto(versions_url + f"{version}/sop/03-mongodb/", wait_until="networkidle")
        assert banner.is_hidden(), version

    page.goto(versions_url + "1.0/sop/03-mongodb/", wait_until="networkidle")
    banner.wait_for(state="visible")
    assert "older version" in banner.inner_text()
    banner.get_by_role("link", name="Read the newest version").click()
    page.wait_for_url("**/latest/")
    assert page.locator(".md-version__current").inner_text() == "1.1"


def test_the_first_release_has_no_earlier_one_to_compare(releases: Releases) -> None:
    page = _main_text(releases.site, "1.0", "what-changed")

    assert "What changed in 1.0" in page
    assert "every rule is new" in page


def _check_since(repo: Path, version: str) -> subprocess.CompletedProcess[str]:
    """The clone's checker (its shipped rule history) on the reference service."""
    return subprocess.run(
        [
            *(sys.executable, "-m", "acacia_sop.checker.command", "check"),
            *("examples/acacia-service", "--format", "json", "--since", version),
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        # The clone's package, not the one this venv installed (editable).
        env={**os.environ, "PYTHONPATH": str(repo / "src")},
        check=False,
    )


def _reported_ids(output: str) -> list[str]:
    return [result["rule_id"] for result in json.loads(output)["results"]]


def test_each_release_records_its_rules_for_the_checker(releases: Releases) -> None:
    shipped = json.loads(
        (releases.repo / "src/acacia_sop/checker/rule_history.json").read_text()
    )

    assert shipped == {
        tag: digests(rules_at(releases.repo, tag).values()) for tag in ["1.0", "1.1"]
    }


def test_check_since_reports_only_the_items_of_changed_rules(
    releases: Releases,
) -> None:
    since_1_0 = _check_since(releases.repo, "1.0")
    since_1_1 = _check_since(releases.repo, "1.1")
    unknown = _check_since(releases.repo, "0.9")

    assert since_1_0.returncode == 0, since_1_0.stderr
    assert _reported_ids(since_1_0.stdout) == ["DB-01"]
    assert since_1_1.returncode == 0, since_1_1.stderr
    assert _reported_ids(since_1_1.stdout) == []
    assert unknown.returncode == 2
    assert unknown.stderr == (
        "acacia-sop: error: --since 0.9 is not a released SOP version (1.0, 1.1)\n"
    )
