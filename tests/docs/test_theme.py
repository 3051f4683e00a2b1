"""The theme's overrides: Material's partials with the fixes axe-core asks for."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from tests.conftest import ROOT, page_html

pytestmark = pytest.mark.docs

MATERIAL_TEMPLATES = files("material") / "templates"
THEME = ROOT / "sitebuild" / "theme"
# Each overridden partial: Material's own, with these replacements (and its
# header comment saying why). A Material upgrade that changes one fails here.
OVERRIDES = {
    "partials/search.html": [
        (
            'role="dialog">',
            'role="dialog" aria-label="{{ lang.t(\'search\') }}">',
        )
    ],
    "partials/footer.html": [
        ("_page.title | e }}", "_page.title | striptags | e }}"),
    ],
}


def _without_header(template: str) -> str:
    """A template without its leading ``{#- ... -#}`` comment."""
    return template.partition("-#}\n")[2]


@pytest.mark.parametrize("partial", sorted(OVERRIDES))
def test_an_overridden_partial_is_materials_with_its_fix(partial: str) -> None:
    expected = _without_header(MATERIAL_TEMPLATES.joinpath(partial).read_text("utf-8"))
    for old, new in OVERRIDES[partial]:
        assert old in expected, f"Material's {partial} changed: copy it again"
        expected = expected.replace(old, new)
    ours = (THEME / partial).read_text("utf-8")
    assert ours.startswith("{#-\n  Material's ")
    assert _without_header(ours) == expected


def test_the_search_dialog_has_a_name(built_site: Path) -> None:
    named = 'role="dialog" aria-label="Search">'
    assert named in page_html(built_site, "index.md")
    assert named in (built_site / "404.html").read_text("utf-8")


def test_footer_labels_are_the_titles_escaped_once(built_site: Path) -> None:
    html = page_html(built_site, "sop/01-project-structure.md")
    assert 'aria-label="Next: 2. Code Style &amp; Naming Conventions"' in html
    assert "&amp;amp;" not in html
