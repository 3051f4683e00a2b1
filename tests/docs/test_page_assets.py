"""Page machinery: page-specific scripts, the rule index."""

from __future__ import annotations

from pathlib import Path

from acacia_sop.catalog import Rule
from sitebuild.page_assets import add_page_scripts
from sitebuild.rule_index import page_titles, render_rule_index


def test_a_page_with_a_diagram_gets_the_diagram_script_relative_to_it() -> None:
    html = '<p>Text</p>\n<pre class="diagram"><code>graph LR</code></pre>'
    rendered = add_page_scripts(html, "sop/08-deployment.md", "sop/08-deployment/")
    assert rendered.endswith(
        '\n<script src="../../assets/javascripts/diagrams.js"></script>'
    )


def test_a_page_without_a_diagram_is_left_as_it_is() -> None:
    html = "<p>Text</p>\n<pre><code>graph LR</code></pre>"
    assert add_page_scripts(html, "sop/02-code-style.md", "sop/02-code-style/") == html


def test_the_checklist_page_gets_its_script() -> None:
    rendered = add_page_scripts("<ul></ul>", "checklist.md", "checklist/")
    assert rendered.endswith(
        '<script src="../assets/javascripts/checklist.js"></script>'
    )


def test_rule_index_groups_rules_under_page_titles(tmp_path: Path) -> None:
    (tmp_path / "titled.md").write_text("# 3. Database {#db}\n\nText\n")
    (tmp_path / "untitled.md").write_text("No heading\n")
    titles = page_titles(tmp_path, {"titled.md", "untitled.md"})
    assert titles == {"titled.md": "3. Database", "untitled.md": "untitled.md"}
    index = render_rule_index([Rule("DB-01", "Route", "titled.md", 3, "Route")], titles)
    assert "## [3. Database](titled.md)" in index
    assert "| [DB-01](titled.md#DB-01) | Route |" in index
