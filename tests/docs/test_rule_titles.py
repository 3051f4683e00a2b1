"""The checker reports each rule under the title its page shows on the site."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from acacia_sop.catalog import rule, rule_page
from acacia_sop.checker.checks import all_checks
from acacia_sop.checker.command import main
from tests.checker.conftest import COMPLIANT
from tests.conftest import page_html

pytestmark = pytest.mark.docs
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


class RuleHeadings(HTMLParser):
    """The text of each rule heading of a page (``.rule-title``), by rule ID.

    The ID badge and the permalink are the site's, not the title's.
    """

    def __init__(self) -> None:
        super().__init__()
        self.titles: dict[str, str] = {}
        self._rule: str | None = None
        self._skipping = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag in HEADINGS and "rule-title" in classes:
            self._rule, self._text = found.get("id"), []
        elif self._rule and tag == "a" and {"rule-id", "headerlink"} & set(classes):
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if self._rule and tag == "a" and self._skipping:
            self._skipping -= 1
        elif self._rule and tag in HEADINGS:
            self.titles[self._rule] = " ".join("".join(self._text).split())
            self._rule = None

    def handle_data(self, data: str) -> None:
        if self._rule and not self._skipping:
            self._text.append(data)


def _site_titles(site: Path, pages: set[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for page in pages:
        parser = RuleHeadings()
        parser.feed(page_html(site, page))
        titles.update(parser.titles)
    return titles


def test_every_check_s_title_in_json_is_its_rule_s_title_on_the_site(
    built_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(
        ["check", str(COMPLIANT), "--format", "json", "--only", ",".join(all_checks())]
    )
    results = json.loads(capsys.readouterr().out)["results"]
    reported = {result["rule_id"]: result["title"] for result in results}
    on_site = _site_titles(built_site, {rule_page(rule_id) for rule_id in reported})

    assert sorted(reported) == sorted(all_checks())
    assert {rule_id: on_site.get(rule_id) for rule_id in reported} == reported
    assert {r["rule_id"]: r["severity"] for r in results} == {
        rule_id: rule(rule_id).severity.value for rule_id in reported
    }
    assert rule("PERF-04").severity.value == "warning"
