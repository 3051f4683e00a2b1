"""MkDocs hooks: anchored rules, code-source captions and generated pages."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from acacia_sop.changes import render_what_changed
from acacia_sop.checker_pages import (
    render_checklist_page,
    render_compliance_report,
    render_failing_example,
)
from acacia_sop.pages import render_rule_index
from acacia_sop.rules import find_rules, render_rule_blocks
from acacia_sop.service_pages import (
    render_api_reference,
    render_config_reference,
    render_index_catalogue,
)
from acacia_sop.sources import (
    FENCE_LINE,
    caption,
    covering_tests,
    forget_sources,
    included_spec,
    is_block_include,
    parse_spec,
)

LOG = logging.getLogger("mkdocs.plugins.acacia_sop")
ROOT = Path(__file__).resolve().parent.parent
FAILING_RUN_MARKER = "<!-- acacia-sop:failing-run -->"


def on_pre_build(config: MkDocsConfig, **_: object) -> None:
    """Start each build (``mkdocs serve`` rebuilds too) from the files on disk."""
    forget_sources()


def on_files(files: Files, config: MkDocsConfig, **_: object) -> Files:
    """Add the pages generated from sources: rule index and service references."""
    generated = {
        "rules.md": render_rule_index(find_rules(Path(config.docs_dir))),
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
    return files


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files, **_: object
) -> str:
    """Anchor every rule and say under each included block where it comes from."""
    if page.file.generated_by:
        # No history of its own: the build date would pass for a "Last update".
        page.meta.pop("git_revision_date_localized", None)
    if FAILING_RUN_MARKER in markdown:
        markdown = markdown.replace(FAILING_RUN_MARKER, render_failing_example())
    return render_rule_blocks(add_source_captions(markdown, page.file.src_uri))


def add_source_captions(markdown: str, page: str) -> str:
    """Put a "file · tested by test" line after each fence that includes a file."""
    output: list[str] = []
    open_fence: tuple[str, str] | None = None
    included: list[str] = []
    for line in markdown.split("\n"):
        output.append(line)
        if is_block_include(line):
            LOG.warning('%s: write each include as `--8<-- "path"`', page)
        fence = FENCE_LINE.match(line)
        if open_fence is None:
            if fence:
                open_fence, included = (fence["indent"], fence["fence"]), []
            continue
        spec = included_spec(line)
        if spec is not None:
            included.append(parse_spec(spec)[0])
        elif (
            fence
            and fence["indent"] == open_fence[0]
            and fence["fence"].startswith(open_fence[1])
            and not fence["info"].strip()
        ):
            output.extend(_captions(included, open_fence[0], page))
            open_fence = None
    return "\n".join(output)


def _captions(included: list[str], indent: str, page: str) -> list[str]:
    lines: list[str] = []
    for path in dict.fromkeys(included):
        tests = covering_tests(path, ROOT)
        if not tests:
            LOG.warning("%s includes %s, which no test runs", page, path)
        lines.extend(["", f"{indent}{caption(path, tests)}"])
    return [*lines, ""] if lines else []
