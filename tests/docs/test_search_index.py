"""The search index the build writes: the SOP first, rules with their terms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from acacia_sop.catalog import catalog
from sitebuild.search import REFERENCE_PAGES
from sitebuild.search_terms import SearchTermsError, read_search_terms

pytestmark = pytest.mark.slow


def _entries(site: Path) -> list[dict[str, object]]:
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    entries: list[dict[str, object]] = index["docs"]
    return entries


def test_reference_pages_weigh_less_than_the_sop(built_site: Path) -> None:
    entries = _entries(built_site)
    reference = [e for e in entries if str(e["location"]).startswith(REFERENCE_PAGES)]
    sop = [e for e in entries if str(e["location"]).startswith("sop/")]
    assert reference
    assert sop
    assert all(float(str(e["boost"])) < 1 for e in reference)
    assert not any("boost" in e for e in sop)


def test_each_rule_entry_holds_its_terms_and_id_spellings(built_site: Path) -> None:
    by_location = {str(e["location"]): e for e in _entries(built_site)}
    terms = read_search_terms(catalog())
    for rule_id, rule in catalog().items():
        entry = by_location[f"{rule.page.removesuffix('.md')}/#{rule_id}"]
        assert rule_id.replace("-", "") in str(entry["ids"]).split()
        for term in terms.get(rule_id, []):
            assert term in str(entry["terms"])


def test_an_unknown_rule_in_the_search_terms_fails(tmp_path: Path) -> None:
    data = tmp_path / "search-terms.yml"
    data.write_text("DB-99: [mongodb]\n", "utf-8")
    with pytest.raises(SearchTermsError, match="DB-99 is not a rule"):
        read_search_terms(catalog(), data)


@pytest.mark.parametrize("text", ["DB-01: mongodb\n", "DB-01: [201]\n", "- DB-01\n"])
def test_search_terms_must_be_lists_of_words(tmp_path: Path, text: str) -> None:
    data = tmp_path / "search-terms.yml"
    data.write_text(text, "utf-8")
    with pytest.raises(SearchTermsError):
        read_search_terms(catalog(), data)
