"""Pages generated from code list what the code holds, and the hooks' rewrites."""

from __future__ import annotations

import importlib
import logging

import pytest

from acacia_sop.mkdocs_hooks import add_source_captions
from acacia_sop.rules import render_rule_blocks
from acacia_sop.service_pages import (
    SERVICE_DIR,
    env_example_comments,
    render_api_reference,
    render_config_reference,
    render_index_catalogue,
    service_importable,
    service_modules,
)

pytestmark = pytest.mark.docs


def test_env_example_comments_belong_to_the_variable_below_them() -> None:
    text = "# Header\n\n# The URI.\n# Second line.\nMONGO_URI=x\nPLAIN=1\n"
    assert env_example_comments(text) == {
        "MONGO_URI": "The URI. Second line.",
        "PLAIN": "",
    }


def test_config_reference_documents_every_setting() -> None:
    with service_importable():
        settings_cls = importlib.import_module("app.core.config").Settings
    page = render_config_reference()
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(settings_cls.model_fields)
    assert all(not row.endswith("| - |") for row in rows), "a setting lacks a comment"


def test_index_catalogue_lists_every_index_of_every_migration() -> None:
    with service_importable():
        migrations = importlib.import_module("migrations.base").load_migrations()
    names = [index.name for m in migrations for index in m.indexes]
    assert names
    page = render_index_catalogue()
    assert [name for name in names if f"`{name}`" not in page] == []


def test_api_reference_renders_every_service_module() -> None:
    modules = service_modules()
    assert "app.main" in modules
    assert "app.core.database" in modules
    page = render_api_reference()
    assert [m for m in modules if f"::: {m}\n" not in page] == []
    assert all((SERVICE_DIR / (m.replace(".", "/") + ".py")).is_file() for m in modules)


def test_rule_admonition_gets_a_self_linking_anchor_even_when_indented() -> None:
    text = '=== "Tab"\n\n    !!! rule "DB-09 · Keep `_id` private"\n\n        Body.\n'
    rendered = render_rule_blocks(text)
    assert (
        '    !!! rule "<a class="rule-id" id="DB-09" href="#DB-09" '
        'title="Link to rule DB-09">DB-09</a> Keep `_id` private"'
    ) in rendered
    assert rendered.endswith("        Body.\n")


def test_included_block_gets_a_tested_by_caption_at_its_indentation() -> None:
    page = (
        "Text\n\n    ```python\n"
        '    --8<-- "snippets/naming/conventions.py:naming"\n'
        "    ```\nAfter\n"
    )
    rendered = add_source_captions(page, "sop/02-code-style.md")
    assert (
        '    <p class="code-source"><code>snippets/naming/conventions.py</code> · '
        "tested by <code>tests/snippets/test_naming_conventions.py</code></p>"
    ) in rendered
    assert rendered.index("code-source") > rendered.index("    ```\n")


def test_untested_include_is_reported_as_a_build_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    untested = "docs/assets/javascripts/mermaid" + ".LICENSE"
    page = f'```text\n--8<-- "{untested}"\n```\n'
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.acacia_sop"):
        rendered = add_source_captions(page, "x.md")
    assert "not tested" in rendered
    assert "which no test runs" in caplog.text
