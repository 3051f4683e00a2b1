"""Text edits of a copy of the compliant fixture, for tests that tweak a line.

Per-rule cases are rule fixtures (``tests/checker/rule_fixtures/``); these
edits serve the tests that show a compliant variant is not reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` by ``new`` in ``file``.

    ``old=None`` writes the whole file; ``new=None`` deletes it.
    """

    file: str
    old: str | None
    new: str | None


def apply_edits(root: Path, *edits: Edit) -> None:
    """Apply edits to a copy of the fixture."""
    for edit in edits:
        path = root / edit.file
        if edit.new is None:
            path.unlink()
        elif edit.old is None:
            path.write_text(edit.new, encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
            assert edit.old in text, f"{edit.file} has no {edit.old!r}"
            path.write_text(text.replace(edit.old, edit.new, 1), encoding="utf-8")


ITEMS = "app/api/v1/endpoints/items.py"
MAIN = "app/main.py"
