"""Pages generated from code list what the code holds, and the hooks' rewrites."""

from __future__ import annotations

import html
import importlib
import json
import logging
import re
from pathlib import Path

import markdown
import pytest

from acacia_sop.catalog import rules_in_text
from bench.planted import load_plants
from sitebuild.checker_judgement import RESULTS as JUDGEMENT_RESULTS
from sitebuild.emoji import as_icons
from sitebuild.hooks import add_source_captions
from sitebuild.includes import (
    code_in_titles,
    includes_in_text,
    is_block_include,
    named_line_links,
    region_title,
)
from sitebuild.layer_costs import LAYER_NAMES, driver_cells, layer_cells, ratio
from sitebuild.layer_costs import RESULTS as LAYER_RESULTS
from sitebuild.layout_tree import render_layout_tree
from sitebuild.plant_table import render_plant_table
from sitebuild.rule_blocks import render_rule_blocks
from sitebuild.rule_index import render_rule_index
from sitebuild.service_reference import (
    env_example_comments,
    render_api_reference,
    render_config_reference,
    render_index_catalogue,
    service_dir,
    service_importable,
    service_modules,
)
from sitebuild.whole_files import render_source_page, verbatim
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


def test_a_why_of_our_reading_is_classed_apart_from_the_sop_s_why() -> None:
    text = (
        '!!! rule "PERF-04 · Time out"\n\n    **Why (our reading):** a hung\n'
        '    call.\n\n!!! rule "PERF-05 · Log"\n\n    **Why:** the SOP\'s.\n'
    )
    rendered = render_rule_blocks(text)
    assert "    call.\n    {: .rule-why .rule-why-ours }\n" in rendered
    assert "    **Why:** the SOP's.\n    {: .rule-why }\n" in rendered


def test_a_rule_with_only_its_title_is_a_line_linked_to_how_it_is_checked() -> None:
    text = (
        '## Tiers\n\n!!! rule "TST-12 · Use three tiers"\n\n'
        '!!! rule "TST-19 · Test the connection"\n\n    **Severity:** note\n\n'
        '!!! rule "DB-01 · One client"\n\n    Body.\n'
    )
    html = markdown.markdown(
        render_rule_blocks(text, "sop/05-testing.md"),
        extensions=["admonition", "attr_list", "toc"],
    )
    lines = re.findall(
        r'<div class="admonition rule rule-line">(.*?)</div>', html, re.S
    )
    assert len(lines) == 2
    assert '<h3 class="rule-title" id="TST-12">' in lines[0]
    assert (
        '<p class="rule-check"><a href="../rules.md#TST-12" title="How TST-12 is '
        'checked">Not checked by <code>acacia-sop check</code></a></p>'
    ) in lines[0]
    assert (
        'href="../rules.md#TST-19" title="How TST-19 is checked">Checked by hand'
        in (lines[1])
    )
    assert "rule-severity-note" in lines[1]
    assert '<div class="admonition rule">' in html  # DB-01 has a body


def test_the_rule_index_says_how_each_rule_is_checked_in_a_row_anchored_at_it() -> None:
    rules = rules_in_text(
        '!!! rule "DB-03 · Env only"\n\n!!! rule "TST-19 · Ping"\n\n'
        '!!! rule "TST-12 · Tiers"\n',
        "sop/x.md",
    )
    rows = render_rule_index(rules, {}).splitlines()
    assert rows[-3].startswith(
        '| <span id="DB-03"></span>[DB-03](sop/x.md#DB-03) | Env only | **automated**: '
    )
    assert rows[-2] == (
        '| <span id="TST-19"></span>[TST-19](sop/x.md#TST-19) | Ping '
        "| **by hand**: A test opens the real client and pings the server. |"
    )
    assert rows[-1].endswith("| Tiers | **not checked** |")


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
        f"#__codelineno-0-{_def_line(SUMMARY_TEST, SUMMARY_NAME)})"
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


def test_highlighted_lines_keep_the_file_title_and_a_page_title_wins() -> None:
    path = "snippets/security/oauth2_jwt.py"
    page = (
        f'```python hl_lines="1 6"\n--8<-- "{path}:bearer_dependency"\n```\n\n'
        f'```python hl_lines="2"\n--8<-- "{path}"\n```\n\n'
        f'```python title="Mine"\n--8<-- "{path}:bearer_dependency"\n```\n'
    )
    rendered = add_source_captions(page, "sop/06-security.md", ROOT)
    assert (
        f'```{{.python .excerpt title="{path} · excerpt `bearer_dependency`" '
        'hl_lines="1 6"}\n'
    ) in rendered
    assert (
        '```{.python .runnable title="oauth2_jwt.py · runs as pasted" hl_lines="2"}\n'
    ) in rendered
    assert '```{.python .excerpt title="Mine"}\n' in rendered


def test_untested_include_is_reported_as_a_build_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    untested = "sitebuild/__init__.py"  # only a docstring: no test runs a line
    page = f'```python\n--8<-- "{untested}"\n```\n'
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.acacia_sop"):
        rendered = add_source_captions(page, "x.md", ROOT)
    assert "not tested" in rendered
    assert "which no test runs" in caplog.text


SUMMARY_NAME = "test_running_it_prints_the_summary"
SUMMARY_TEST = ROOT / "tests" / "snippets" / "test_naming_conventions.py"


def _def_line(module: Path, name: str) -> int:
    lines = module.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if f"def {name}(" in line)


def test_source_page_shows_the_file_first_then_collapsed_tests() -> None:
    path = "examples/acacia-service/app/core/database.py"
    page = render_source_page(ROOT, path, ["create_client", None])
    text = (SERVICE_DIR / "app" / "core" / "database.py").read_text("utf-8")
    assert page.index('python linenums="1"') < page.index("<details")
    assert verbatim(text.rstrip("\n")) in page
    assert '<details id="region-create_client" markdown="1">' in page
    assert '<details id="whole-file" markdown="1">' in page
    assert "<summary>Region <code>create_client</code> (lines " in page
    links = re.findall(
        r"- \[`test_\w+\.py::(\w+)`\]\(([^)#]+)#__codelineno-0-(\d+)\)", page
    )
    assert links
    for name, target, line in links:
        module = (ROOT / "examples/acacia-service/app/core" / target).with_suffix("")
        assert _def_line(module.resolve(), name) == int(line)


def test_source_page_keeps_region_markers_so_line_numbers_hold() -> None:
    path = "examples/acacia-service/tests/test_security.py"
    page = render_source_page(ROOT, path, [])
    assert "# ;--8<-- [start:token_round_trip]" in page
    assert '--8<-- "' not in page


def test_layout_tree_is_drawn_from_every_file_of_the_service() -> None:
    tree = render_layout_tree(SERVICE_DIR)
    modules = sorted((SERVICE_DIR / "app").rglob("*.py"))
    assert modules
    assert all(f"── {module.name}" in tree for module in modules)
    assert "main.py" in tree
    assert "# The only module that creates MongoDB clients" in tree
    assert "__pycache__" not in tree


def test_layout_tree_leaves_out_what_the_services_gitignore_ignores(
    tmp_path: Path,
) -> None:
    service = tmp_path / "acacia-service"
    ignored = [".venv/bin/python", ".env.development", ".data/users.wt", ".coverage"]
    for relative in [*ignored, "app/__pycache__/main.cpython-311.pyc"]:
        (service / relative).parent.mkdir(parents=True, exist_ok=True)
        (service / relative).write_text("made by make install, make api or a test\n")
    (service / ".gitignore").write_text((SERVICE_DIR / ".gitignore").read_text())
    (service / ".env.example").write_text("MONGO_URI=\n")
    (service / "app/main.py").write_text('"""Application factory."""\n\napp = 1\n')

    tree = render_layout_tree(service)

    assert tree.splitlines()[1:-1] == [
        "acacia-service/",
        "├── app/",
        f"│   └── main.py{' ' * 19} # Application factory",
        "├── .env.example",
        "└── .gitignore",
    ]


def test_the_plant_table_has_a_linked_row_per_planted_violation() -> None:
    table = render_plant_table(ROOT).splitlines()
    rows = table[2:]
    assert len(rows) == len(load_plants()) >= 16
    assert "| subtle | [SEC-01](sop/" in "\n".join(rows)


def test_a_block_titled_by_its_page_keeps_the_title_and_is_an_excerpt() -> None:
    path = "tutorials/new-service/notes/app/models/note.py"
    page = f'```python title="app/models/note.py"\n--8<-- "{path}"\n```\n'
    rendered = add_source_captions(page, "guides/new-service.md", ROOT)
    assert rendered.startswith('```{.python .whole-file title="app/models/note.py"}\n')
    assert f"`{path}` · [whole file](../source/{path}.md)" in rendered


def test_a_shell_step_is_titled_by_what_it_does_not_by_its_script() -> None:
    path = "tutorials/new-service/new_service.sh"
    page = f'```bash\n--8<-- "{path}:install"\n```\n'
    rendered = add_source_captions(page, "guides/new-service.md", ROOT)
    assert rendered.startswith(
        '```{.bash .excerpt title="Install acacia-sop into its own virtual '
        'environment"}\n'
    )
    assert f"`{path}` · [whole file](../source/{path}.md) · tested by" in rendered


def test_a_region_without_a_comment_above_it_has_no_step_title(
    tmp_path: Path,
) -> None:
    script = tmp_path / "steps.sh"
    script.write_text(
        "# Say hello\n# --8<-- [start:hello]\necho hi\n# --8<-- [end:hello]\n\n"
        "# --8<-- [start:bye]\necho bye\n# --8<-- [end:bye]\n",
        "utf-8",
    )
    assert region_title(script, "hello") == "Say hello"
    assert region_title(script, "bye") is None
    assert region_title(script, "missing") is None


def test_a_tutorial_s_output_is_captioned_as_the_command_s_output() -> None:
    # Not the file's name in quotes: a test module that quotes a file's name
    # is credited with testing it (sitebuild.includes.covering_tests).
    outputs = sorted((ROOT / "tutorials/new-service/output").glob("*.txt"))
    path = outputs[0].relative_to(ROOT).as_posix()
    page = f'```text\n--8<-- "{path}"\n```\n'
    rendered = add_source_captions(page, "guides/new-service.md", ROOT)
    assert rendered.startswith('```{.text .command-output title="Output"}\n')
    assert (
        "What the command above printed · checked by "
        "[`tests/starter/test_new_service.py`]"
    ) in rendered
    assert "whole file" not in rendered
    assert "tested by" not in rendered


def test_inline_code_in_a_code_block_s_title_is_set_as_code() -> None:
    html = (
        '<span class="filename">a.py · excerpt `create_client`</span>'
        "<p>`kept` in prose</p>"
    )
    assert code_in_titles(html) == (
        '<span class="filename">a.py · excerpt <code>create_client</code></span>'
        "<p>`kept` in prose</p>"
    )


def test_a_line_number_s_link_is_named_by_its_line() -> None:
    html = (
        '<a id="__codelineno-0-12" name="__codelineno-0-12"></a>'
        '<a href="#__codelineno-0-12"><span class="linenos" data-linenos="12 ">'
    )
    assert named_line_links(html) == html.replace(
        '<a href="#__codelineno-0-12">',
        '<a href="#__codelineno-0-12" aria-label="Line 12">',
    )


def test_the_report_s_emoji_become_material_icons() -> None:
    assert as_icons("✅ pass · ⏭️ not checked · ✓ text") == (
        ":material-check-circle: pass · :material-skip-next-circle: not checked"
        " · ✓ text"
    )


def test_an_unclosed_block_gets_no_caption() -> None:
    page = '```python\n--8<-- "snippets/naming/conventions.py"\n'
    assert add_source_captions(page, "x.md", ROOT) == page


def _page_text(site: Path, src: str) -> str:
    """The built page's text, tags dropped and whitespace collapsed."""
    markup = page_html(site, src)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_the_check_command_page_shows_the_committed_judgement(
    built_site: Path,
) -> None:
    results = json.loads((ROOT / JUDGEMENT_RESULTS).read_text("utf-8"))
    text = _page_text(built_site, "check-command.md")
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
    text = _page_text(built_site, "sop/07-performance.md")
    machine = results["machine"]
    assert f"Measured on {results['date']} on a {machine['cpus']}-core" in text
    assert f"one uvicorn worker on Python {machine['python']} against" in text
    assert results["tool"] in text
    for route in results["routes"].values():
        for run in route.values():
            ratios = (run["throughput_ratio"], run["p99_ratio"], run["app_cpu_ratio"])
            assert " ".join(map(ratio, ratios)) in text
    layers = results["layers"]
    for layer, name in LAYER_NAMES.items():
        cells = [
            cell
            for route in ("health", "user")
            for cell in layer_cells(
                layers["routes"][route]["without"][layer],
                layers["cpu"]["routes"][route]["without"][layer],
            )
        ]
        plain_name = " ".join(name.replace("`", " ").split())
        assert f"{plain_name} {' '.join(cells)}" in text, layer
    assert layers["driver_options"]["tool"] in text
    for driver, commands in layers["driver_options"]["drivers"].items():
        for command, cpu in commands.items():
            row = f"{driver} {command} {' '.join(driver_cells(cpu))}"
            assert row in text, row
