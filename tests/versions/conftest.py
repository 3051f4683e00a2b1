"""Two releases cut with `make release` in a clone, and the versions branch."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# Chromium, as the browser tests have it.
from tests.browser.conftest import axe_script, browser, page  # noqa: F401
from tests.conftest import NODE_MODULES, ROOT, once_per_run, provide_build_inputs
from tests.hosting.conftest import run_container

VENV = Path(sys.executable).parent.parent
SITE_BRANCH = "site-versions"
OLD_TITLE = "Route every database connection through"
NEW_TITLE = "Open every database connection only in"
WITHDRAWN = "WF-08"
WITHDRAWN_REASON = "Squash or merge commits is the repository's setting, not a rule."
VERSION_LINE = re.compile(r'^version = "[^"]*"$', re.MULTILINE)


@dataclass(frozen=True)
class Releases:
    """The clone, and the versions branch exported to a folder."""

    repo: Path
    site: Path


def make(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``make`` in the clone with this run's venv and JavaScript packages."""
    installed = ["-o", f"{VENV}/.installed", "-o", f"{NODE_MODULES}/.installed"]
    return subprocess.run(
        ["make", *args, f"VENV={VENV}", *installed],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


def git(repo: Path, *args: str) -> str:
    """Run git in the clone; its output."""
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def set_version(repo: Path, version: str) -> None:
    """Make ``version`` the clone's version in pyproject.toml, not committed."""
    pyproject = repo / "pyproject.toml"
    text = pyproject.read_text("utf-8")
    pyproject.write_text(VERSION_LINE.sub(f'version = "{version}"', text, count=1))


def _release(repo: Path, version: str) -> None:
    changelog = repo / "docs" / "changelog.md"
    text = changelog.read_text("utf-8")
    changelog.write_text(text.replace("## Unreleased", f"## {version}", 1))
    set_version(repo, version)
    git(repo, "commit", "--quiet", "-am", f"chore: changelog and version {version}")
    result = make(repo, "release", f"VERSION={version}")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]


@pytest.fixture(scope="session")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Releases:
    """1.0 from this commit, then 1.1 after DB-01's statement changed and
    WF-08 was withdrawn.

    Cut once per run and shared by the test workers, so read-only: a test that
    commits or releases more does it in its own clone (``release_clone``).
    """
    folder = once_per_run(tmp_path_factory, "releases", _cut_releases)
    return Releases(folder / "repo", folder / "site")


def _cut_releases(folder: Path) -> None:
    repo = folder / "repo"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(repo)], check=True)
    _prepare(repo)
    _release(repo, "1.0")
    mongodb = repo / "docs" / "sop" / "03-mongodb.md"
    text = mongodb.read_text("utf-8")
    assert f"DB-01 · {OLD_TITLE}" in text
    mongodb.write_text(text.replace(f"DB-01 · {OLD_TITLE}", f"DB-01 · {NEW_TITLE}"))
    _withdraw(repo, WITHDRAWN, WITHDRAWN_REASON)
    changelog = repo / "docs" / "changelog.md"
    changelog.write_text(
        changelog.read_text("utf-8").replace(
            "## 1.0", "## Unreleased\n\n- DB-01 says where connections open.\n\n## 1.0"
        )
    )
    git(repo, "commit", "--quiet", "-am", "docs(sop): DB-01 names where to open")
    _release(repo, "1.1")
    archive = folder / "site.tar"
    git(repo, "archive", "--format=tar", "-o", str(archive), SITE_BRANCH)
    with tarfile.open(archive) as tar:
        tar.extractall(folder / "site", filter="data")


def _withdraw(repo: Path, rule_id: str, reason: str) -> None:
    """Take a rule's box off its page and give the reason it was withdrawn."""
    (rule_page,) = [
        p
        for p in (repo / "docs" / "sop").glob("*.md")
        if f'"{rule_id} · ' in p.read_text()
    ]
    box = re.compile(
        rf'^!!! rule "{rule_id} · [^\n]*\n(?:(?:[ \t]+[^\n]*)?\n)*', re.MULTILINE
    )
    text, count = box.subn("", rule_page.read_text("utf-8"))
    assert count == 1
    rule_page.write_text(text)
    reasons = repo / "sitebuild" / "withdrawn_rules.toml"
    reasons.write_text(reasons.read_text("utf-8") + f'"{rule_id}" = "{reason}"\n')


def _prepare(repo: Path) -> None:
    provide_build_inputs(repo)
    git(repo, "config", "user.name", "Release Test")
    git(repo, "config", "user.email", "release-test@acacia-analytics.invalid")


@pytest.fixture
def release_clone(releases: Releases, tmp_path: Path) -> Path:
    """A clone of the releases' repository (tags 1.0, 1.1), for one test to change."""
    repo = tmp_path / "repo"
    subprocess.run(
        ["git", "clone", "--quiet", str(releases.repo), str(repo)], check=True
    )
    _prepare(repo)
    return repo


@pytest.fixture(scope="session")
def versions_url(
    releases: Releases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The versions branch, served by the site container's command."""
    with run_container(releases.site, tmp_path_factory.mktemp("app")) as url:
        yield url


def versions_json(site: Path) -> list[dict[str, object]]:
    """The version list mike wrote for the selector."""
    loaded: list[dict[str, object]] = json.loads((site / "versions.json").read_text())
    return loaded
