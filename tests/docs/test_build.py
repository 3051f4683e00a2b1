"""The strict build succeeds and its output is complete and self-contained."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from acacia_sop.catalog import catalog
from sitebuild.service_reference import service_dir, service_modules
from tests.conftest import ROOT, page_html

pytestmark = pytest.mark.docs

# A tag that makes the browser fetch from another host. Canonical and alternate
# links only name the page's address and load nothing.
LOADING_TAG = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", re.I
)
REMOTE_URL = re.compile(r"""(?:src|href|srcset)=["']?(?:https?:)?//""", re.I)
NON_LOADING_LINK = re.compile(r"""rel=["']?(?:canonical|alternate)\b""", re.I)


def test_every_rule_has_its_anchor_on_the_built_page(built_site: Path) -> None:
    rules = catalog().values()
    assert rules, "no rules found in docs/"
    missing = [
        f"{rule.rule_id} ({rule.page})"
        for rule in rules
        if f'id="{rule.rule_id}"' not in page_html(built_site, rule.page)
    ]
    assert missing == []


def test_rule_index_lists_every_rule(built_site: Path) -> None:
    index = page_html(built_site, "rules.md")
    missing = [r.rule_id for r in catalog().values() if f"#{r.rule_id}" not in index]
    assert missing == []


def test_api_reference_renders_a_section_per_service_module(built_site: Path) -> None:
    page = page_html(built_site, "reference/api.md")
    modules = service_modules(service_dir(ROOT))
    assert modules
    assert [m for m in modules if f'id="{m}"' not in page] == []


def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    offenders = {
        str(page.relative_to(built_site)): tag.group(0)
        for page in built_site.rglob("*.html")
        for tag in LOADING_TAG.finditer(page.read_text(encoding="utf-8"))
        if REMOTE_URL.search(tag.group(0)) and not NON_LOADING_LINK.search(tag.group(0))
    }
    assert offenders == {}


def test_no_google_fonts_or_cdn_in_css(built_site: Path) -> None:
    offenders = [
        str(css.relative_to(built_site))
        for css in built_site.rglob("*.css")
        if re.search(r"@import\s+url\(\s*['\"]?https?:", css.read_text("utf-8"))
    ]
    assert offenders == []


def test_included_code_blocks_say_which_test_runs_them(built_site: Path) -> None:
    captions = [
        caption
        for page in built_site.rglob("*.html")
        for caption in re.findall(
            r'<p class="code-source">(.*?)</p>', page.read_text("utf-8")
        )
    ]
    assert captions, "no included code block found on the site"
    untested = [c for c in captions if "tested by" not in c and "checked by" not in c]
    assert untested == []


class _StrayParagraphEnds(HTMLParser):
    """Counts ``</p>`` tags that close no paragraph: a ``<p>`` was nested in a
    paragraph (or a block element closed it early), which is invalid HTML."""

    CLOSES_P = frozenset(
        [
            "address",
            "article",
            "aside",
            "blockquote",
            "details",
            "div",
            "dl",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "form",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "main",
            "menu",
            "nav",
            "ol",
            "p",
            "pre",
            "section",
            "table",
            "ul",
        ]
    )

    def __init__(self) -> None:
        super().__init__()
        self.open_p = False
        self.stray = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.CLOSES_P:
            self.open_p = tag == "p"

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.stray += not self.open_p
            self.open_p = False


CODE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.DOTALL)


def test_no_page_nests_a_paragraph_in_a_paragraph(built_site: Path) -> None:
    invalid = {}
    for page in built_site.rglob("*.html"):
        parser = _StrayParagraphEnds()
        # Highlighted code holds no paragraph: parse the prose around it only.
        parser.feed(CODE_BLOCK.sub("<pre></pre>", page.read_text("utf-8")))
        if parser.stray:
            invalid[page.relative_to(built_site).as_posix()] = parser.stray
    assert invalid == {}


def test_every_python_block_is_runnable_or_an_excerpt_linking_its_whole_file(
    built_site: Path,
) -> None:
    block = re.compile(
        r'<div class="(?P<classes>[^"]*)highlight"><span class="filename">'
    )
    caption = re.compile(
        r'<p class="code-source">.*?<a href="(?P<href>[^"]+)">whole file'
    )
    runnable = 0
    problems: list[str] = []
    for page in sorted(built_site.rglob("*.html")):
        if "source" in page.relative_to(built_site).parts[:1]:
            continue
        html = page.read_text("utf-8")
        for match in block.finditer(html):
            kinds = set(match["classes"].split())
            runnable += "runnable" in kinds
            shown = {"runnable", "excerpt", "whole-file", "snippet-output"}
            if not kinds & {*shown, "command-output", "generated"}:
                problems.append(f"{page}: block of kind {kinds or 'none'}")
        for link in caption.finditer(html):
            target = (page.parent / link["href"]).resolve() / "index.html"
            if not target.is_file():
                problems.append(f"{page}: whole-file link {link['href']} is broken")
    assert problems == []
    assert runnable >= 15


FILENAME = re.compile(r'<span class="filename">(.*?)</span>', re.DOTALL)


def test_code_block_titles_show_code_not_backticks(built_site: Path) -> None:
    titles = [
        title
        for page in built_site.rglob("*.html")
        for title in FILENAME.findall(page.read_text("utf-8"))
    ]
    assert any("<code>" in title for title in titles)
    assert [title for title in titles if "`" in title] == []


def test_no_shell_step_is_titled_with_its_script_path(built_site: Path) -> None:
    titles = FILENAME.findall(page_html(built_site, "guides/new-service.md"))
    assert "Install acacia-sop into its own virtual environment" in titles
    assert [title for title in titles if ".sh" in title] == []


def test_tutorial_output_is_captioned_as_the_command_s_output(
    built_site: Path,
) -> None:
    html = page_html(built_site, "guides/new-service.md")
    outputs = re.findall(r'<div class="[^"]*command-output[^"]*highlight"', html)
    assert len(outputs) >= 4
    assert html.count("What the command above printed") == len(outputs)


def test_emoji_are_pictures_that_need_no_emoji_font(built_site: Path) -> None:
    html = page_html(built_site, "reference-service-compliance.md")
    assert '<span class="twemoji"><svg' in html
    assert [emoji for emoji in "✅❌👤⏭📝" if emoji in html] == []
