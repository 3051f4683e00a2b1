"""Pages generated from code list what the code holds, and the hooks' rewrites."""

from __future__ import annotations

import html
import importlib
import json
import logging
import re
from pathlib import Path

import pytest

from acacia_sop.catalog import rules_in_text
from bench.planted import load_plants
from sitebuild.checker_judgement import RESULTS as JUDGEMENT_RESULTS
from sitebuild.hooks import add_source_captions
from sitebuild.includes import includes_in_text, is_block_include
from sitebuild.layer_costs import LAYER_NAMES, points, ratio
from sitebuild.layer_costs import RESULTS as LAYER_RESULTS
from sitebuild.layout_tree import render_layout_tree
from sitebuild.plant_table import render_plant_table
from sitebuild.rule_blocks import render_rule_blocks
from sitebuild.service_reference import (
    env_example_comments,
    render_api_reference,
    render_config_reference,
    render_index_catalogue,
    service_dir,
    service_importable,
    service_modules,
)
from sitebuild.whole_files import render_source_page
from tests.conftest import ROOT, page_html

pytestmark = pytest.mark.docs
SERVICE_DIR = service_dir(ROOT)


def test_env_example_comments_belong_to_the_variable_below_them() -> None:
    text = "# Header\n\n# The URI.\n# Second line.\nMONGO_URI=x\nPLAIN=1\n"
    assert env_example_comments(text) == {
        "MONGO_URI": "The URI. Second line.",
        "PLAIN": "",
    }


def test_config_reference_documents_every_variable_of_env_example() -> None:
    example = (SERVICE_DIR / ".env.example").read_text("utf-8")
    variables = list(env_example_comments(example))
    assert len(variables) >= 10
    rows = {
        row.split("`")[1]: row
        for row in render_config_reference(SERVICE_DIR).splitlines()
        if row.startswith("| `")
    }
    assert sorted(rows) == sorted(variables)
    assert all(not row.endswith("| - |") for row in rows.values()), "no comment"
    assert "| `SECRET_KEY` | `SecretStr` | (empty) |" in rows["SECRET_KEY"]
    assert "`Literal['HS256', 'HS384', 'HS512']`" in rows["JWT_ALGORITHM"]


def test_index_catalogue_lists_every_index_of_every_migration() -> None:
    with service_importable(SERVICE_DIR):
        migrations = importlib.import_module("migrations.base").load_migrations()
    names = [index.name for m in migrations for index in m.indexes]
    assert names
    page = render_index_catalogue(SERVICE_DIR)
    assert [name for name in names if f"`{name}`" not in page] == []


def test_api_reference_lists_every_module_of_the_service_layout() -> None:
    modules = service_modules(SERVICE_DIR)
    for layer in ("main", "core.config", "core.database", "api.dependencies"):
        assert f"app.{layer}" in modules
    assert all(not m.endswith("__init__") for m in modules)
    assert render_api_reference(SERVICE_DIR).count("\n::: app.") == len(modules)


def test_rules_in_collapsible_blocks_count_and_fenced_examples_do_not() -> None:
    text = (
        '??? rule "DB-10 · Collapsed"\n'
        '???+ rule "DB-11 · Open"\n'
        "```markdown\n"
        '!!! rule "DB-12 · Only an example of the syntax"\n'
        "```\n"
    )
    assert [rule.rule_id for rule in rules_in_text(text, "x.md")] == ["DB-10", "DB-11"]
    rendered = render_rule_blocks(text)
    assert rendered.startswith('??? rule "<a id="DB-10" class="rule-id"')
    assert '!!! rule "DB-12 · Only an example of the syntax"' in rendered


def test_includes_are_found_in_every_form_pymdownx_expands() -> None:
    text = (
        '--8<-- "a.py:region_one"\n'
        "    --8<--\t'b.py'\n"
        ';--8<-- "escaped.py"\n'
        '--8<-- "c.py:10:20"\n'
    )
    found = [(i.path, i.region, i.line) for i in includes_in_text(text, "x.md")]
    assert found == [("a.py", "region_one", 1), ("b.py", None, 2), ("c.py", None, 4)]
    assert is_block_include("--8<--")
    assert not is_block_include('--8<-- "a.py"')


def test_rule_title_becomes_a_heading_one_level_below_its_section() -> None:
    text = (
        '## Section\n\n=== "Tab"\n\n    !!! rule "DB-09 · Keep `_id` private"\n\n'
        "        Body.\n"
    )
    rendered = render_rule_blocks(text)
    assert (
        '    !!! rule ""\n\n'
        '        ### <a class="rule-id" href="#DB-09" title="Link to rule DB-09">'
        "DB-09</a> Keep `_id` private {: #DB-09 .rule-title }\n"
    ) in rendered
    assert rendered.endswith("        Body.\n")


def test_a_rule_s_why_and_severity_get_their_classes() -> None:
    text = (
        '!!! rule "PERF-04 · Time out"\n\n    Body.\n\n'
        "    **Why:** a hung call\n    holds its request.\n\n"
        "    **Severity:** warning\n\nAfter.\n"
    )
    rendered = render_rule_blocks(text)
    assert (
        "    **Why:** a hung call\n    holds its request.\n    {: .rule-why }\n\n"
        "    **Severity:** warning\n"
        "    {: .rule-severity .rule-severity-warning }\n\nAfter.\n"
    ) in rendered


def test_rule_heading_levels_ignore_hashes_in_code_and_stop_at_six() -> None:
    text = '###### Deep\n\n```bash\n# comment\n```\n\n!!! rule "DB-08 · Typed"\n'
    assert '###### <a class="rule-id"' in render_rule_blocks(text)


def test_whole_snippet_is_a_runnable_block_followed_by_caption_and_output() -> None:
    page = (
        '=== "Tab"\n\n    ```python\n'
        '    --8<-- "snippets/naming/conventions.py"\n'
        "    ```\nAfter\n"
    )
    rendered = add_source_captions(page, "sop/02-code-style.md", ROOT)
    assert (
        '    ```{.python .runnable title="conventions.py · runs as pasted"}\n'
        in rendered
    )
    assert (
        "    `snippets/naming/conventions.py` · [whole file]"
        "(../source/snippets/naming/conventions.py.md) · tested by "
        "[`test_naming_conventions.py::test_running_it_prints_the_summary`]"
        "(../source/tests/snippets/test_naming_conventions.py.md"
        "#test_running_it_prints_the_summary)"
    ) in rendered
    assert '    --8<-- "snippets/naming/conventions.out"' in rendered
    assert rendered.index("code-source") > rendered.index("    ```\n")


def test_region_of_a_service_file_is_an_excerpt_linking_to_the_whole_file() -> None:
    path = "examples/acacia-service/app/core/database.py"
    page = f'```python\n--8<-- "{path}:create_client"\n```\n'
    rendered = add_source_captions(page, "sop/03-mongodb.md", ROOT)
    assert rendered.startswith(
        f'```{{.python .excerpt title="{path} · excerpt `create_client`"}}\n'
    )
    assert f"[whole file](../source/{path}.md)" in rendered
    assert f"(../source/{path}.md#region-create_client)" in rendered
    assert " · tested by [`" in rendered


def test_untested_include_is_reported_as_a_build_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    untested = "sitebuild/__init__.py"  # only a docstring: no test runs a line
    page = f'```python\n--8<-- "{untested}"\n```\n'
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.acacia_sop"):
        rendered = add_source_captions(page, "x.md", ROOT)
    assert "not tested" in rendered
    assert "which no test runs" in caplog.text


def test_source_page_lists_shown_regions_with_their_tests_and_the_file() -> None:
    path = "examples/acacia-service/app/core/database.py"
    page = render_source_page(ROOT, path, ["create_client", None])
    assert "## Region `create_client` (lines " in page
    assert "{#region-create_client}" in page
    assert "{#whole-file}" in page
    assert "- [`test_" in page
    assert "(../../tests/" in page
    assert 'python linenums="1"' in page
    text = (SERVICE_DIR / "app" / "core" / "database.py").read_text("utf-8")
    assert text.rstrip("\n") in page


def test_layout_tree_is_drawn_from_every_file_of_the_service() -> None:
    tree = render_layout_tree(SERVICE_DIR)
    modules = sorted((SERVICE_DIR / "app").rglob("*.py"))
    assert modules
    assert all(f"── {module.name}" in tree for module in modules)
    assert "main.py" in tree
    assert "# The only module that creates MongoDB clients" in tree
    assert "__pycache__" not in tree


def test_the_plant_table_has_a_linked_row_per_planted_violation() -> None:
    table = render_plant_table(ROOT).splitlines()
    rows = table[2:]
    assert len(rows) == len(load_plants()) >= 16
    assert "| subtle | [SEC-01](sop/" in "\n".join(rows)


def test_a_block_titled_by_its_page_keeps_the_title_and_is_an_excerpt() -> None:
    path = "tutorials/new-service/notes/app/models/note.py"
    page = f'```python title="app/models/note.py"\n--8<-- "{path}"\n```\n'
    rendered = add_source_captions(page, "guides/new-service.md", ROOT)
    assert rendered.startswith('```{.python .excerpt title="app/models/note.py"}\n')
    assert f"`{path}` · [whole file](../source/{path}.md)" in rendered


def test_an_unclosed_block_gets_no_caption() -> None:
    page = '```python\n--8<-- "snippets/naming/conventions.py"\n'
    assert add_source_captions(page, "x.md", ROOT) == page


def test_the_check_command_page_shows_the_committed_judgement(
    built_site: Path,
) -> None:
    results = json.loads((ROOT / JUDGEMENT_RESULTS).read_text("utf-8"))
    markup = page_html(built_site, "check-command.md")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    for family, counts in results["now"].items():
        judged = counts["true"] + counts["false"]
        assert f"{family} " in text
        assert f"{counts['true']} / {judged}" in text
    for service in results["services"].values():
        assert service["repo"] in text
    for item in results["missed"]:
        assert item["at"] in text


def test_the_performance_page_shows_the_committed_layer_costs(
    built_site: Path,
) -> None:
    results = json.loads((ROOT / LAYER_RESULTS).read_text("utf-8"))
    markup = page_html(built_site, "sop/07-performance.md")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    assert (
        f"Measured on {results['date']} on a {results['machine']['cpus']}-core" in text
    )
    assert results["tool"] in text
    for route in results["routes"].values():
        for run in route.values():
            assert f"{ratio(run['throughput_ratio'])} {ratio(run['p99_ratio'])}" in text
    for layer, name in LAYER_NAMES.items():
        cells = [
            f"{ratio(row['throughput_ratio'])} ({points(row['throughput_cost'])}) "
            f"{ratio(row['p99_ratio'])} ({points(row['p99_cost'])})"
            for row in (
                results["layers"]["routes"][route]["without"][layer]
                for route in ("health", "user")
            )
        ]
        plain_name = " ".join(name.replace("`", " ").split())
        assert f"{plain_name} {' '.join(cells)}" in text, layer
