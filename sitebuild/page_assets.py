"""Scripts that only some pages load: Mermaid for diagrams, the checklist's.

Each script goes at the end of the page's content, where Material's instant
navigation runs it again when it swaps the content in; a page without a
diagram never downloads Mermaid (3.5 MB).
"""

from __future__ import annotations

from mkdocs.utils import get_relative_url

DIAGRAM_MARKUP = '<pre class="diagram"'
DIAGRAM_SCRIPT = "assets/javascripts/diagrams.js"
CHECKLIST_PAGE = "checklist.md"
CHECKLIST_SCRIPT = "assets/javascripts/checklist.js"


def page_scripts(html: str, src_uri: str) -> list[str]:
    """The site paths of the scripts one page's content needs."""
    scripts: list[str] = []
    if DIAGRAM_MARKUP in html:
        scripts.append(DIAGRAM_SCRIPT)
    if src_uri == CHECKLIST_PAGE:
        scripts.append(CHECKLIST_SCRIPT)
    return scripts


def add_page_scripts(html: str, src_uri: str, page_url: str) -> str:
    """Append a ``<script>`` for each script the content needs, relative to it."""
    tags = [
        f'<script src="{get_relative_url(script, page_url)}"></script>'
        for script in page_scripts(html, src_uri)
    ]
    return "\n".join([html, *tags]) if tags else html
