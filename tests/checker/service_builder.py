"""Write a small service for one test: ``{relative path: text}``."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent


def write_service(root: Path, files: dict[str, str]) -> Path:
    """Create each file under ``root`` (dedented) and return ``root``."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
    return root
