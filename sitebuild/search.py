"""What the site search indexes: prose, not code; rules with their search terms."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

# Material's search skips an element marked data-search-exclude (the attribute
# is removed from the page after indexing; it must have a value to be removed).
CODE_BLOCK = re.compile(r'<(div class="[^"]*\bhighlight\b[^"]*"|pre class="diagram")>')

TERMS_FIELD = "terms"
"""The search-entry field of a rule's terms (``plugins.search.fields`` boosts it)."""

IDS_FIELD = "ids"
"""The search-entry field of other spellings of a rule's ID, weighed like text."""

REFERENCE_BOOST = 0.1
"""Search weight of a page generated from the reference service's code."""

REFERENCE_PAGES = ("reference/", "source/")
"""Where the pages generated from the reference service's code live."""


def exclude_code_from_search(html: str) -> str:
    """Mark every code block and diagram source so search previews show prose."""
    return CODE_BLOCK.sub(r'<\1 data-search-exclude="code">', html)


def is_reference_page(src_uri: str) -> bool:
    """Whether a page describes the reference service rather than the SOP."""
    return src_uri.startswith(REFERENCE_PAGES)


def add_fields(index: str, fields: Mapping[str, Mapping[str, str]]) -> str:
    """Material's search index with more fields for some entries, by location.

    The fields hold words readers search with that an entry's own text lacks;
    they are indexed, never shown.
    """
    data = json.loads(index)
    for entry in data["docs"]:
        entry.update(fields.get(entry["location"], {}))
    return json.dumps(data, separators=(",", ":"))
