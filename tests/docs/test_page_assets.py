"""Page-specific scripts: only pages that need them load them."""

from __future__ import annotations

from acacia_sop.page_assets import add_page_scripts


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
