"""Scripts and styles under content-hashed names; Mermaid and Panzoom from npm."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from sitebuild.assets import (
    FINGERPRINTED_NAME,
    HASH_LENGTH,
    PACKAGE_FILES,
    fingerprint_assets,
    fingerprinted_name,
    package_file,
)
from tests.conftest import DOCS_DIR, ROOT

pytestmark = pytest.mark.docs

NPM_DIR = ROOT / "tools" / "npm"
# Every script or style a page names: src="../assets/..." or href="assets/..."
ASSET_REFERENCE = re.compile(
    r'(?:src|href)="(?:\.\./)*(assets/(?:javascripts|stylesheets)/[^"]+)"'
)
DIAGRAM_SCRIPTS = re.compile(r'data-(?:mermaid|panzoom)="([^"]+)"')


def _served(site: Path) -> dict[str, Path]:
    """The site's fingerprinted files by plain name (``assets/.../x.js``)."""
    files = {}
    for path in (site / "assets").rglob("*"):
        match = FINGERPRINTED_NAME.match(path.relative_to(site).as_posix())
        if match and len(match["hash"]) == HASH_LENGTH:
            files[f"{match['stem']}.{match['suffix']}"] = path
    return files


def test_a_name_carries_the_hash_of_the_content_before_its_suffixes() -> None:
    digest = hashlib.sha256(b"x").hexdigest()[:HASH_LENGTH]
    assert fingerprinted_name("assets/a/mermaid.min.js", b"x") == (
        f"assets/a/mermaid.{digest}.min.js"
    )
    assert fingerprinted_name("assets/b/sop.css", b"x") == f"assets/b/sop.{digest}.css"


def test_every_script_and_style_of_the_site_is_served_under_its_hash(
    built_site: Path,
) -> None:
    served = _served(built_site)
    own = [
        path.relative_to(DOCS_DIR).as_posix()
        for path in (DOCS_DIR / "assets").rglob("*")
        if path.suffix in {".js", ".css"}
    ]
    packaged = [uri for uri in PACKAGE_FILES if uri.endswith(".js")]
    assert len(own) >= 5
    assert sorted(served) == sorted([*own, *packaged])
    for plain, path in served.items():
        assert path.name == fingerprinted_name(plain, path.read_bytes()).split("/")[-1]
        assert not (built_site / plain).exists(), f"{plain} is served unhashed too"


def test_pages_name_only_hashed_scripts_and_styles(built_site: Path) -> None:
    named: set[str] = set()
    for page in built_site.rglob("*.html"):
        html = page.read_text("utf-8")
        named.update(ASSET_REFERENCE.findall(html))
        named.update(f"assets/javascripts/{n}" for n in DIAGRAM_SCRIPTS.findall(html))
    mkdocstrings = {"assets/_mkdocstrings.css"}
    unhashed = {
        name
        for name in named - mkdocstrings
        if not re.search(r"\.[0-9a-f]{8,}(?:\.min)?\.(?:js|css)$", name)
    }
    assert unhashed == set()
    served = {
        p.relative_to(built_site).as_posix() for p in _served(built_site).values()
    }
    assert served <= named, "a hashed file no page names"


def test_mermaid_and_panzoom_are_the_files_of_their_pinned_packages(
    built_site: Path,
) -> None:
    served = _served(built_site)
    for uri in PACKAGE_FILES:
        source = package_file(ROOT, uri)
        copy = served.get(uri, built_site / uri)  # the licences keep their names
        assert copy.read_bytes() == source.read_bytes(), uri


def test_no_third_party_script_is_committed() -> None:
    third_party = [
        path.name
        for path in (DOCS_DIR / "assets").rglob("*")
        if path.name.endswith((".min.js", ".LICENSE"))
    ]
    assert third_party == []


def test_each_served_package_is_pinned_exactly_with_its_integrity() -> None:
    pins = json.loads((NPM_DIR / "package.json").read_text("utf-8"))
    locked = json.loads((NPM_DIR / "package-lock.json").read_text("utf-8"))
    for package in {package for package, _ in PACKAGE_FILES.values()}:
        entry = locked["packages"][f"node_modules/{package}"]
        assert pins["devDependencies"][package] == entry["version"], package
        assert entry["integrity"].startswith("sha512-"), package


def test_without_the_packages_the_build_says_what_to_run(tmp_path: Path) -> None:
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path / "docs")})
    (tmp_path / "docs").mkdir()
    errors, _ = config.validate()
    assert errors == []

    with pytest.raises(PluginError) as raised:
        fingerprint_assets(Files([]), config, tmp_path)

    assert str(raised.value) == (
        "tools/npm/node_modules/mermaid/dist/mermaid.min.js is missing: "
        "run make js-tools"
    )
