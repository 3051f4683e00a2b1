"""Render the index catalogue as Markdown for the documentation site."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from migrations.base import IndexDefinition, load_migrations


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _format_keys(index: IndexDefinition) -> str:
    return ", ".join(f"`{name}: {direction}`" for name, direction in index.keys)


def _format_options(options: dict[str, Any]) -> str:
    shown = {key: value for key, value in options.items() if key != "name"}
    if not shown:
        return "-"
    return ", ".join(
        f"`{key}={str(value).lower() if isinstance(value, bool) else value}`"
        for key, value in sorted(shown.items())
    )


def render_index_markdown() -> str:
    """Return a Markdown page body documenting every index, one table per collection.

    Columns: index name, keys, options, purpose, migration file. The docs
    site calls this at build time, so the page always matches the code.
    """
    rows: dict[str, list[tuple[IndexDefinition, str]]] = defaultdict(list)
    for migration in load_migrations():
        for index in migration.indexes:
            rows[index.collection].append((index, f"migrations/{migration.name}.py"))
    lines: list[str] = []
    for collection in sorted(rows):
        lines += [
            f"## `{collection}`",
            "",
            "| Index | Keys | Options | Purpose | Migration |",
            "| --- | --- | --- | --- | --- |",
        ]
        for index, source in rows[collection]:
            cells = [
                f"`{index.name}`",
                _format_keys(index),
                _format_options(dict(index.options)),
                _cell(index.purpose),
                f"`{source}`",
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)
