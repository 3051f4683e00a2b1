"""Helpers for rules that read text files."""

from __future__ import annotations


def line_of(text: str | None, needle: str) -> int | None:
    """1-based number of the first line containing ``needle``."""
    for number, line in enumerate((text or "").splitlines(), start=1):
        if needle in line:
            return number
    return None
