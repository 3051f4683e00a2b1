"""Page machinery: page-specific scripts (the theme's), the rule index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from acacia_sop.catalog import Rule
from sitebuild.assets import FINGERPRINTED_NAME
from sitebuild.rule_index import page_titles, render_rule_index
from tests.conftest import DOCS_DIR, page_html

pytestmark = pytest.mark.docs

DIAGRAM_SCRIPT = "assets/javascripts/diagrams.js"
CHECKLIST_SCRIPT = "assets/javascripts/checklist.js"
SCRIPT_TAG = re.compile(r'<script src="(?:\.\./)*(assets/javascripts/[^"]+)"')


def _plain(served: str) -> str:
    """A script's name without the hash of its content."""
    match = FINGERPRINTED_NAME.match(served)
    assert match, f"{served} carries no content hash"
    return f"{match['stem']}.{match['suffix']}"


def _content_scripts(site: Path, page: str) -> list[str]:
    """The scripts loaded inside a page's article (its content), by plain name."""
    html = page_html(site, page)
    article = html[html.index("<article") : html.index("</article>")]
    return [_plain(served) for served in SCRIPT_TAG.findall(article)]


def _pages() -> list[str]:
    return [p.relative_to(DOCS_DIR).as_posix() for p in DOCS_DIR.rglob("*.md")]


def test_only_pages_with_a_diagram_load_the_diagram_script(built_site: Path) -> None:
    with_diagram = {
        page
        for page in _pages()
        if "```mermaid" in (DOCS_DIR / page).read_text("utf-8")
    }
    assert len(with_diagram) >= 3
    loading = {
        page
        for page in [*_pages(), "checklist.md"]
        if DIAGRAM_SCRIPT in _content_scripts(built_site, page)
    }
    assert loading == with_diagram


def test_the_diagram_script_is_relative_to_the_page(built_site: Path) -> None:
    html = page_html(built_site, "sop/08-deployment.md")
    assert '<script src="../../assets/javascripts/diagrams.' in html


def test_the_checklist_page_alone_gets_its_script(built_site: Path) -> None:
    assert _content_scripts(built_site, "checklist.md") == [CHECKLIST_SCRIPT]
    others = [
        p for p in _pages() if CHECKLIST_SCRIPT in _content_scripts(built_site, p)
    ]
    assert others == []


def test_rule_index_groups_rules_under_page_titles(tmp_path: Path) -> None:
    (tmp_path / "titled.md").write_text("# 3. Database {#db}\n\nText\n")
    (tmp_path / "untitled.md").write_text("No heading\n")
    titles = page_titles(tmp_path, {"titled.md", "untitled.md"})
    assert titles == {"titled.md": "3. Database", "untitled.md": "untitled.md"}
    index = render_rule_index([Rule("DB-01", "Route", "titled.md", 3, "Route")], titles)
    assert "## [3. Database](titled.md)" in index
    assert '| <span id="DB-01"></span>[DB-01](titled.md#DB-01) | Route |' in index
