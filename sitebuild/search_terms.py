"""The words engineers search with, per rule, from one maintained data file."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path

import yaml

from acacia_sop.catalog import Rule
from sitebuild.search import IDS_FIELD, TERMS_FIELD

SEARCH_TERMS = Path(__file__).with_name("search-terms.yml")
RULE_ID = re.compile(r"^(?P<prefix>[A-Z]{2,4})-(?P<number>\d{2})$")


class SearchTermsError(ValueError):
    """The data file names an unknown rule or is not ``{rule ID: [terms]}``."""


def read_search_terms(
    known: Collection[str], path: Path = SEARCH_TERMS
) -> dict[str, list[str]]:
    """``{rule ID: [search terms]}`` of the data file; every ID must be a rule."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise SearchTermsError(f"{path.name}: expected a mapping of rule IDs")
    terms: dict[str, list[str]] = {}
    for rule_id, words in data.items():
        if rule_id not in known:
            raise SearchTermsError(f"{path.name}: {rule_id} is not a rule of the SOP")
        if not isinstance(words, list) or not all(
            isinstance(word, str) and word.strip() for word in words
        ):
            raise SearchTermsError(f"{path.name}: {rule_id} needs a list of terms")
        terms[rule_id] = words
    return terms


def id_spellings(rule_id: str) -> list[str]:
    """How a rule ID gets typed besides its own form: ``DB03``, ``DB 3``."""
    match = RULE_ID.match(rule_id)
    if match is None:
        return []
    prefix, number = match["prefix"], match["number"]
    return [prefix + number, f"{prefix} {int(number)}"]


def rule_search_fields(
    rules: Mapping[str, Rule], urls: Mapping[str, str], path: Path = SEARCH_TERMS
) -> dict[str, dict[str, str]]:
    """{search-entry location: fields} of every rule: its terms, its ID's spellings.

    ``urls`` gives the address of each rule page.
    """
    terms = read_search_terms(rules, path)
    return {
        f"{urls[rule.page]}#{rule_id}": {
            TERMS_FIELD: " ".join(terms.get(rule_id, [])),
            IDS_FIELD: " ".join(id_spellings(rule_id)),
        }
        for rule_id, rule in rules.items()
    }
