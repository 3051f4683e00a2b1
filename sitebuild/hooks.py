"""MkDocs hooks: anchored rules, code-source captions and generated pages.

Every path is relative to the repository root, the folder of ``mkdocs.yml``,
which each hook reads from the config and passes down.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from acacia_sop.catalog import read_rules, rule_pages
from acacia_sop.markdown import fences
from sitebuild.assets import asset_filter, fingerprint_assets
from sitebuild.checker_judgement import JUDGEMENT_MARKER, render_unseen_judgement
from sitebuild.checklist import (
    render_checklist_page,
    render_compliance_report,
    render_failing_example,
)
from sitebuild.coverage_map import forget_coverage
from sitebuild.includes import (
    code_in_titles,
    covering_tests,
    find_includes,
    forget_sources,
    included_spec,
    is_block_include,
    named_line_links,
    parse_spec,
    region_title,
)
from sitebuild.layer_costs import LAYER_COSTS_MARKER, render_layer_costs
from sitebuild.layout_tree import LAYOUT_TREE_MARKER, render_layout_tree
from sitebuild.plant_table import PLANT_TABLE_MARKER, render_plant_table
from sitebuild.rule_blocks import render_rule_blocks
from sitebuild.rule_index import page_titles, render_rule_index
from sitebuild.search import (
    REFERENCE_BOOST,
    add_fields,
    exclude_code_from_search,
    is_reference_page,
)
from sitebuild.search_terms import SearchTermsError, rule_search_fields
from sitebuild.service_reference import (
    render_api_reference,
    render_config_reference,
    render_index_catalogue,
    service_dir,
)
from sitebuild.what_changed import render_what_changed
from sitebuild.whole_files import (
    code_line_anchors,
    link,
    region_anchor,
    render_source_page,
    source_page_uri,
    test_list,
    test_modules,
    tests_of,
)
from sitebuild.withdrawn import MissingReasonError, forget_withdrawals, stubs_by_page

LOG = logging.getLogger("mkdocs.plugins.acacia_sop")
FAILING_RUN_MARKER = "<!-- acacia-sop:failing-run -->"
DIAGRAM_FENCE = "mermaid"  # a diagram's source: no caption, no title
DIAGRAMS_DIR = "diagrams/"
OUTPUT_DIR = "output"  # a tutorial's recorded command output: tutorials/*/output/


def repository_root(config: MkDocsConfig) -> Path:
    """The checkout being built: the folder of ``mkdocs.yml``."""
    if config.config_file_path:
        return Path(config.config_file_path).resolve().parent
    return Path(config.docs_dir).resolve().parent


def on_pre_build(config: MkDocsConfig, **_: object) -> None:
    """Start each build (``mkdocs serve`` rebuilds too) from the files on disk."""
    forget_sources()
    forget_coverage()
    forget_withdrawals()


def built_version() -> str | None:
    """The release mike is building, or ``None`` for an unversioned build."""
    return os.environ.get("MIKE_DOCS_VERSION")


def withdrawn_stubs(root: Path) -> dict[str, str]:
    """Each page's stubs of withdrawn rules; a withdrawn ID without a reason
    stops the build with one line."""
    try:
        return stubs_by_page(root, built_version())
    except MissingReasonError as error:
        raise PluginError(str(error)) from None


@event_priority(50)  # before plugins, so redirects can point at generated pages
def on_files(files: Files, config: MkDocsConfig, **_: object) -> Files:
    """Add the pages generated from sources: rule index and service references."""
    root = repository_root(config)
    docs_dir = Path(config.docs_dir)
    rules = list(read_rules(rule_pages(docs_dir)).values())
    search_fields(config)  # a mistake in the data file fails before the build
    pages = {rule.page for rule in rules}
    service = service_dir(root)
    generated = {
        "rules.md": render_rule_index(rules, page_titles(docs_dir, pages)),
        "reference/indexes.md": render_index_catalogue(service),
        "reference/configuration.md": render_config_reference(service),
        "reference/api.md": render_api_reference(service),
        "checklist.md": render_checklist_page(),
        "reference-service-compliance.md": render_compliance_report(root),
        "what-changed.md": render_what_changed(root, built_version()),
    }
    withdrawn_stubs(root)  # every withdrawn ID has its reason, or no build
    for src_uri, content in generated.items():
        files.append(File.generated(config, src_uri, content=content))
    # A command's recorded output is shown whole where it is included: no page.
    shown = {
        path: regions
        for path, regions in shown_regions(docs_dir).items()
        if not is_command_output([(path, None)])
    }
    for path, regions in list(shown.items()):
        for module in test_modules(
            [test for region in regions for test in tests_of(root, path, region)]
        ):
            shown.setdefault(module, [])
    for path, regions in shown.items():
        content = render_source_page(root, path, regions)
        source = File.generated(config, source_page_uri(path), content=content)
        source.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(source)
    fingerprint_assets(files, config, root)
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Let templates name scripts and styles by their plain names."""
    env.filters["asset"] = asset_filter(files)
    return env


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
    if is_reference_page(page.file.src_uri):  # the SOP answers first
        page.meta.setdefault("search", {})["boost"] = REFERENCE_BOOST
    root = repository_root(config)
    if FAILING_RUN_MARKER in markdown:
        markdown = markdown.replace(FAILING_RUN_MARKER, render_failing_example(root))
    if JUDGEMENT_MARKER in markdown:
        markdown = markdown.replace(JUDGEMENT_MARKER, render_unseen_judgement(root))
    if LAYER_COSTS_MARKER in markdown:
        markdown = markdown.replace(LAYER_COSTS_MARKER, render_layer_costs(root))
    if LAYOUT_TREE_MARKER in markdown:
        tree = render_layout_tree(service_dir(root))
        markdown = markdown.replace(LAYOUT_TREE_MARKER, tree)
    if PLANT_TABLE_MARKER in markdown:
        markdown = markdown.replace(PLANT_TABLE_MARKER, render_plant_table(root))
    stubs = withdrawn_stubs(root).get(page.file.src_uri)
    if stubs:
        markdown = markdown.rstrip("\n") + "\n" + stubs
    # Rules first: the captions' fence titles hold backticks, which CommonMark
    # (the catalog's parser) does not allow in a fence's info string.
    page_uri = page.file.src_uri
    return add_source_captions(render_rule_blocks(markdown, page_uri), page_uri, root)


def on_page_content(html: str, page: Page, **_: object) -> str:
    """Keep code out of search; code in block titles; line links named.

    A hook, not a template: Material's templates get the content as one HTML
    string, with no block around each code block to mark.
    """
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= code_line_anchors(html)
    return named_line_links(code_in_titles(exclude_code_from_search(html)))


def search_fields(config: MkDocsConfig) -> dict[str, dict[str, str]]:
    """The search fields of every rule (:func:`rule_search_fields`)."""
    rules = read_rules(rule_pages(Path(config.docs_dir)))
    urls = {
        page: File(page, config.docs_dir, config.site_dir, config.use_directory_urls)
        for page in {rule.page for rule in rules.values()}
    }
    try:
        return rule_search_fields(
            rules, {page: file.url for page, file in urls.items()}
        )
    except SearchTermsError as error:
        raise PluginError(str(error)) from None


@event_priority(-100)  # after Material's search plugin wrote its index
def on_post_build(config: MkDocsConfig, **_: object) -> None:
    """Add each rule's search terms to its entry of the search index."""
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        text = index.read_text(encoding="utf-8")
        index.write_text(add_fields(text, search_fields(config)), encoding="utf-8")


def add_source_captions(markdown: str, page: str, root: Path) -> str:
    """Title each block that includes a file and say under it which tests ran it.

    A whole snippet file is *runnable* (followed by what it prints, when it
    prints); any other include is an *excerpt* whose caption links to the
    whole file's generated source page.
    """
    lines = markdown.split("\n")
    for _ in filter(is_block_include, lines):
        LOG.warning('%s: write each include as `--8<-- "path"`', page)
    for fence in reversed(list(fences(markdown))):
        included = [
            parse_spec(spec)
            for line in fence.content.splitlines()
            if (spec := included_spec(line)) is not None
        ]
        if not included or fence.info.startswith(DIAGRAM_FENCE) or not fence.map:
            continue
        opening, end = fence.map
        if not _is_closing_fence(lines[end - 1], fence.markup) or end - 1 == opening:
            continue  # an unclosed block runs to the end: no caption
        indent = lines[opening][: lines[opening].index(fence.markup)]
        header = _block_header(included, fence.info, root)
        lines[opening] = indent + fence.markup + header
        lines[end:end] = _after_block(included, indent, page, root)
    return "\n".join(lines)


def _is_closing_fence(line: str, markup: str) -> bool:
    """Whether ``line`` closes a block that ``markup`` (backticks, tildes) opened."""
    closing = line.strip()
    return set(closing) == {markup[0]} and len(closing) >= len(markup)


def is_runnable(included: list[tuple[str, str | None]]) -> bool:
    """Whether a block shows one whole snippet file (it runs as pasted)."""
    if len(included) != 1:
        return False
    path, region = included[0]
    return region is None and path.startswith("snippets/") and path.endswith(".py")


def is_command_output(included: list[tuple[str, str | None]]) -> bool:
    """Whether a block shows what a tutorial's command printed (a recorded file)."""
    if len(included) != 1:
        return False
    path, region = included[0]
    return region is None and OUTPUT_DIR in Path(path).parts[:-1]


def output_tests(root: Path, path: str) -> list[str]:
    """The tests that check a recorded output: those that run its tutorial's script.

    ``tutorials/new-service/output/api.txt`` is what a command of
    ``tutorials/new-service/*.sh`` printed; the test that runs that script
    compares its output with the file.
    """
    tutorial = (root / path).parent.parent
    scripts = sorted(tutorial.glob("*.sh"))
    found = [
        test
        for script in scripts
        for test in covering_tests(script.relative_to(root).as_posix(), root)
    ]
    return list(dict.fromkeys(found))


def _block_header(included: list[tuple[str, str | None]], info: str, root: Path) -> str:
    """Fence info naming the block's kind: runnable, output, excerpt, whole file.

    The page's own options (``hl_lines``, a ``title``) are kept. A block
    without its own title gets one: a shell excerpt by what it does (the
    comment above its region; its caption names the script), any other by
    its file.
    """
    lang, _, options = info.partition(" ")
    lang = lang if lang and "=" not in lang else "text"
    options = options.strip()
    path, region = included[0]
    if is_runnable(included):
        kind, title = "runnable", f"{Path(path).name} · runs as pasted"
    elif is_command_output(included):
        kind, title = "command-output", "Output"
    else:
        kind = "excerpt" if region or len(included) > 1 else "whole-file"
        step = region_title(root / path, region) if region else None
        named = f"excerpt `{region}`" if region else "whole file"
        title = step or f"{path} · {named}"
    if "title=" not in options:
        options = f'title="{title}" {options}'.strip()
    return f"{{.{lang} .{kind} {options}}}"


def _after_block(
    included: list[tuple[str, str | None]], indent: str, page: str, root: Path
) -> list[str]:
    """The caption (and, for a runnable snippet, its output) under a block."""
    lines: list[str] = []
    for path, region in dict.fromkeys(included):
        tests = (
            output_tests(root, path)
            if is_command_output(included)
            else tests_of(root, path, region)
        )
        if not tests:
            LOG.warning("%s shows %s (%s), which no test runs", page, path, region)
        source = link(page, source_page_uri(path), region_anchor(region))
        whole = link(page, source_page_uri(path))
        listed = test_list(root, tests, source, page)
        if is_command_output(included):
            checked = f"checked by {listed}" if tests else "not checked"
            caption = f"What the command above printed · {checked}"
        else:
            tested = f"tested by {listed}" if tests else "not tested"
            caption = f"`{path}` · [whole file]({whole}) · {tested}"
        lines += ["", f"{indent}{caption}", f"{indent}{{: .code-source }}"]
    output = root / Path(included[0][0]).with_suffix(".out")
    if is_runnable(included) and output.is_file():
        relative = output.relative_to(root).as_posix()
        lines += [
            "",
            f'{indent}```{{.text .snippet-output title="Output"}}',
            f'{indent}--8<-- "{relative}"',
            f"{indent}```",
        ]
    return [*lines, ""] if lines else []
