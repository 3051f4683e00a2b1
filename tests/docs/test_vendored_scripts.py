"""The site's Mermaid and Panzoom are the files of the packages pinned in npm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitebuild.vendored_scripts import NODE_MODULES, VENDORED, main, package_file
from tests.conftest import IN_CI, ROOT

pytestmark = pytest.mark.docs

SCRIPTS_DIR = ROOT / "docs" / "assets" / "javascripts"
NPM_DIR = ROOT / "tools" / "npm"


def _installed(served: str) -> Path:
    """The package's file; not installed fails in CI and skips elsewhere."""
    source = package_file(ROOT, served)
    if not source.is_file():
        message = f"{source.relative_to(ROOT)} is missing (make js-tools runs npm ci)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return source


@pytest.mark.parametrize("served", sorted(VENDORED))
def test_each_served_copy_is_its_pinned_packages_file(served: str) -> None:
    source = _installed(served)
    assert (ROOT / served).read_bytes() == source.read_bytes(), (
        f"{served} differs from {source.relative_to(ROOT)}: run make vendor-js"
    )


def test_every_third_party_script_is_vendored_from_npm() -> None:
    third_party = [*SCRIPTS_DIR.glob("*.min.js"), *SCRIPTS_DIR.glob("*.LICENSE")]
    assert {p.relative_to(ROOT).as_posix() for p in third_party} == set(VENDORED)


def test_each_vendored_package_is_pinned_exactly_with_its_integrity() -> None:
    pins = json.loads((NPM_DIR / "package.json").read_text("utf-8"))
    locked = json.loads((NPM_DIR / "package-lock.json").read_text("utf-8"))
    for package in {package for package, _ in VENDORED.values()}:
        entry = locked["packages"][f"node_modules/{package}"]
        assert pins["devDependencies"][package] == entry["version"], package
        assert entry["integrity"].startswith("sha512-"), package


def test_without_the_packages_the_copy_says_what_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main() == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith("is missing: run make js-tools")
    assert NODE_MODULES in line


def test_the_copy_restores_each_served_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for served in VENDORED:
        _installed(served)
    (tmp_path / NODE_MODULES).parent.mkdir(parents=True)
    (tmp_path / NODE_MODULES).symlink_to(ROOT / NODE_MODULES)
    (tmp_path / SCRIPTS_DIR.relative_to(ROOT)).mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert main() == 0
    for served in VENDORED:
        assert (tmp_path / served).read_bytes() == (ROOT / served).read_bytes()
