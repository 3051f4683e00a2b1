"""What the site search indexes: prose, not code blocks or diagram sources."""

from __future__ import annotations

import re

# Material's search skips an element marked data-search-exclude (the attribute
# is removed from the page after indexing; it must have a value to be removed).
CODE_BLOCK = re.compile(r'<(div class="[^"]*\bhighlight\b[^"]*"|pre class="diagram")>')


def exclude_code_from_search(html: str) -> str:
    """Mark every code block and diagram source so search previews show prose."""
    return CODE_BLOCK.sub(r'<\1 data-search-exclude="code">', html)
