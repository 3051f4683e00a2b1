"""MkDocs hooks: anchored rules, code-source captions and generated pages."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from acacia_sop.catalog import read_rules, rule_pages
from sitebuild.a11y import name_search_dialog, unescape_aria_labels
from sitebuild.checklist import (
    render_checklist_page,
    render_compliance_report,
    render_failing_example,
)
from sitebuild.coverage_map import forget_coverage
from sitebuild.includes import (
    FENCE_LINE,
    find_includes,
    forget_sources,
    included_spec,
    is_block_include,
    parse_spec,
)
from sitebuild.layout_tree import LAYOUT_TREE_MARKER, render_layout_tree
from sitebuild.page_assets import add_page_scripts
from sitebuild.rule_blocks import render_rule_blocks
from sitebuild.rule_index import page_titles, render_rule_index
from sitebuild.search import exclude_code_from_search
from sitebuild.service_reference import (
    render_api_reference,
    render_config_reference,
    render_index_catalogue,
)
from sitebuild.what_changed import render_what_changed
from sitebuild.whole_files import (
    link,
    region_anchor,
    render_source_page,
    source_page_uri,
    test_list,
    test_modules,
    tests_of,
)

LOG = logging.getLogger("mkdocs.plugins.acacia_sop")
ROOT = Path(__file__).resolve().parent.parent
FAILING_RUN_MARKER = "<!-- acacia-sop:failing-run -->"
DIAGRAM_FENCE = "mermaid"  # a diagram's source: no caption, no title
DIAGRAMS_DIR = "diagrams/"


def on_pre_build(config: MkDocsConfig, **_: object) -> None:
    """Start each build (``mkdocs serve`` rebuilds too) from the files on disk."""
    forget_sources()
    forget_coverage()


def on_files(files: Files, config: MkDocsConfig, **_: object) -> Files:
    """Add the pages generated from sources: rule index and service references."""
    docs_dir = Path(config.docs_dir)
    rules = list(read_rules(rule_pages(docs_dir)).values())
    pages = {rule.page for rule in rules}
    generated = {
        "rules.md": render_rule_index(rules, page_titles(docs_dir, pages)),
        "reference/indexes.md": render_index_catalogue(),
        "reference/configuration.md": render_config_reference(),
        "reference/api.md": render_api_reference(),
        "checklist.md": render_checklist_page(),
        "compliance-report.md": render_compliance_report(),
        "what-changed.md": render_what_changed(
            Path(config.config_file_path).parent, os.environ.get("MIKE_DOCS_VERSION")
        ),
    }
    for src_uri, content in generated.items():
        files.append(File.generated(config, src_uri, content=content))
    shown = shown_regions(Path(config.docs_dir))
    for path, regions in list(shown.items()):
        for module in test_modules(
            [test for region in regions for test in tests_of(path, region)]
        ):
            shown.setdefault(module, [])
    for path, regions in shown.items():
        source = File.generated(
            config, source_page_uri(path), content=render_source_page(path, regions)
        )
        source.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(source)
    return files


def shown_regions(docs_dir: Path) -> dict[str, list[str | None]]:
    """Every included file with the regions the pages show of it."""
    regions: dict[str, list[str | None]] = {}
    for include in find_includes(docs_dir):
        if not include.path.startswith(DIAGRAMS_DIR):
            regions.setdefault(include.path, []).append(include.region)
    return regions


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **_: object
) -> str:
    """Anchor every rule and say under each included block where it comes from."""
    if page.file.generated_by:
        # No history of its own: the build date would pass for a "Last update".
        page.meta.pop("git_revision_date_localized", None)
    if FAILING_RUN_MARKER in markdown:
        markdown = markdown.replace(FAILING_RUN_MARKER, render_failing_example())
    if LAYOUT_TREE_MARKER in markdown:
        markdown = markdown.replace(LAYOUT_TREE_MARKER, render_layout_tree())
    # Rules first: the captions' fence titles hold backticks, which CommonMark
    # (the catalog's parser) does not allow in a fence's info string.
    return add_source_captions(render_rule_blocks(markdown), page.file.src_uri)


def on_page_content(html: str, page: Page, **_: object) -> str:
    """Keep code out of search; load page-specific scripts only where used."""
    html = exclude_code_from_search(html)
    return add_page_scripts(html, page.file.src_uri, page.url)


def on_post_page(output: str, **_: object) -> str:
    """Fix what axe-core finds in the theme's own markup."""
    return unescape_aria_labels(name_search_dialog(output))


def add_source_captions(markdown: str, page: str) -> str:
    """Title each block that includes a file and say under it which tests ran it.

    A whole snippet file is *runnable* (followed by what it prints, when it
    prints); any other include is an *excerpt* whose caption links to the
    whole file's generated source page.
    """
    output: list[str] = []
    open_fence: tuple[str, str, int, str] | None = None
    included: list[tuple[str, str | None]] = []
    for line in markdown.split("\n"):
        output.append(line)
        if is_block_include(line):
            LOG.warning('%s: write each include as `--8<-- "path"`', page)
        fence = FENCE_LINE.match(line)
        if open_fence is None:
            if fence:
                info = fence["info"].strip()
                open_fence = (fence["indent"], fence["fence"], len(output) - 1, info)
                included = []
            continue
        spec = included_spec(line)
        if spec is not None:
            included.append(parse_spec(spec))
        elif (
            fence
            and fence["indent"] == open_fence[0]
            and fence["fence"].startswith(open_fence[1])
            and not fence["info"].strip()
        ):
            indent, marker, opening, info = open_fence
            if included and not info.startswith(DIAGRAM_FENCE):
                output[opening] = indent + marker + _block_header(included, info)
                output.extend(_after_block(included, indent, page))
            open_fence = None
    return "\n".join(output)


def is_runnable(included: list[tuple[str, str | None]]) -> bool:
    """Whether a block shows one whole snippet file (it runs as pasted)."""
    if len(included) != 1:
        return False
    path, region = included[0]
    return region is None and path.startswith("snippets/") and path.endswith(".py")


def _block_header(included: list[tuple[str, str | None]], info: str) -> str:
    """Fence info naming the file: runnable blocks and excerpts look different."""
    lang, _, options = info.partition(" ")
    lang = lang if lang and "=" not in lang else "text"
    path, region = included[0]
    if is_runnable(included):
        return f'{{.{lang} .runnable title="{Path(path).name} · runs as pasted"}}'
    if options.strip():  # the page set its own title or options: keep them
        return f"{{.{lang} .excerpt {options.strip()}}}"
    kind = f"excerpt `{region}`" if region else "whole file"
    return f'{{.{lang} .excerpt title="{path} · {kind}"}}'


def _after_block(
    included: list[tuple[str, str | None]], indent: str, page: str
) -> list[str]:
    """The caption (and, for a runnable snippet, its output) under a block."""
    lines: list[str] = []
    for path, region in dict.fromkeys(included):
        tests = tests_of(path, region)
        if not tests:
            LOG.warning("%s shows %s (%s), which no test runs", page, path, region)
        source = link(page, source_page_uri(path), region_anchor(region))
        whole = link(page, source_page_uri(path))
        tested = (
            f"tested by {test_list(tests, source, page)}" if tests else "not tested"
        )
        lines += [
            "",
            f"{indent}`{path}` · [whole file]({whole}) · {tested}",
            f"{indent}{{: .code-source }}",
        ]
    output = ROOT / Path(included[0][0]).with_suffix(".out")
    if is_runnable(included) and output.is_file():
        relative = output.relative_to(ROOT).as_posix()
        lines += [
            "",
            f'{indent}```{{.text .snippet-output title="Output"}}',
            f'{indent}--8<-- "{relative}"',
            f"{indent}```",
        ]
    return [*lines, ""] if lines else []
