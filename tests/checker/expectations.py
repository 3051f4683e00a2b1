"""Rule fixtures: files overlaid on the compliant service, with inline expectations.

A rule fixture is a folder under ``tests/checker/rule_fixtures/<prefix>/``
whose files, at their paths in the service, replace or add files of the
compliant fixture service. A comment in a file says what the checker must
report, in the style of flake8-bugbear's eval files:

- ``# expect: DB-03`` (``<!-- expect: DOC-01 -->`` in Markdown): a finding
  of DB-03 on this line;
- ``# expect-next: DEP-11``: on the next line (for Dockerfiles, whose
  instructions take no trailing comment), ``# expect-previous: DB-11`` on
  the line before (where a comment on the line would change the verdict);
- ``# expect-file: STR-02``: a finding in this file with no line;
- ``# fixture: deleted``: delete this file from the service (its other
  comments still name its path);
- ``# fixture: run-tools``: run with ``--run-tools`` (ruff and mypy).

Several IDs are separated by commas (the same ID twice: two findings on
the line); an ID followed by a quoted text,
``# expect: API-06 "deletes and answers 200"``, also asks that the finding's
message holds that text. Findings are read from the checker's JSON output
(rule ID, file, line, message), never from its internals.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acacia_sop.cli import main

RULE_FIXTURES = Path(__file__).resolve().parent / "rule_fixtures"
CACHE_NAMES = ("_cache", "__pycache__")
"""Endings of the folders tools write beside the files (never fixture files)."""
CACHES = shutil.ignore_patterns(*(f"*{name}" for name in CACHE_NAMES))
_VALUE = r'[\w-]+(?:\s+"[^"]*")?'
_MARK = re.compile(
    r"(?:#|<!--)\s*(?P<kind>expect|expect-next|expect-previous|expect-file|fixture):"
    rf"\s*(?P<values>{_VALUE}(?:\s*,\s*{_VALUE})*)"
)
_ITEM = re.compile(r'(?P<value>[\w-]+)(?:\s+"(?P<text>[^"]*)")?')

Finding = tuple[str, str, int | None]
"""What a fixture expects and the checker reports: rule ID, file, line."""


@dataclass(frozen=True)
class RuleFixture:
    """One fixture folder: its files, what it deletes, and what it expects."""

    name: str
    folder: Path
    files: tuple[str, ...]
    deleted: frozenset[str]
    expected: tuple[Finding, ...]
    """Every finding expected, once per comment that expects it, sorted."""
    run_tools: bool
    messages: frozenset[tuple[Finding, str]] = frozenset()
    """Expected findings with a text their message must hold."""

    @property
    def rule_ids(self) -> frozenset[str]:
        """The rules the fixture expects a finding of."""
        return frozenset(rule for rule, _, _ in self.expected)


def _marks(text: str) -> list[tuple[int, str, list[tuple[str, str | None]]]]:
    """``(line, kind, [(value, text)])`` of every mark in ``text``, lines from 1."""
    return [
        (
            number,
            match["kind"],
            [(item["value"], item["text"]) for item in _ITEM.finditer(match["values"])],
        )
        for number, line in enumerate(text.splitlines(), start=1)
        for match in _MARK.finditer(line)
    ]


def load(folder: Path) -> RuleFixture:
    """Read one fixture folder, named ``<prefix>/<name>`` after its place."""
    files: list[str] = []
    deleted: set[str] = set()
    expected: list[Finding] = []
    messages: set[tuple[Finding, str]] = set()
    run_tools = False
    offsets = {"expect": 0, "expect-next": 1, "expect-previous": -1}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        parts = path.relative_to(folder).parts
        if any(part.endswith(CACHE_NAMES) for part in parts):
            continue
        relative = "/".join(parts)
        for number, kind, items in _marks(path.read_text(encoding="utf-8")):
            values = {value for value, _ in items}
            if kind == "fixture":
                deleted |= {relative} if "deleted" in values else set()
                run_tools = run_tools or "run-tools" in values
                continue
            line = number + offsets[kind] if kind in offsets else None
            for rule, text in items:
                expected.append((rule, relative, line))
                if text is not None:
                    messages.add(((rule, relative, line), text))
        if relative not in deleted:
            files.append(relative)
    return RuleFixture(
        name=f"{folder.parent.name}/{folder.name}",
        folder=folder,
        files=tuple(files),
        deleted=frozenset(deleted),
        expected=tuple(sorted(expected, key=str)),
        run_tools=run_tools,
        messages=frozenset(messages),
    )


def all_fixtures() -> list[RuleFixture]:
    """Every fixture folder: ``rule_fixtures/<prefix>/<name>/``."""
    return [
        load(folder) for folder in sorted(RULE_FIXTURES.glob("*/*")) if folder.is_dir()
    ]


def overlay(fixture: RuleFixture, base: Path, target: Path) -> Path:
    """Copy ``base`` to ``target`` with the fixture's files written over it."""
    shutil.copytree(base, target, ignore=CACHES)
    write_over(fixture, target)
    return target


def write_over(fixture: RuleFixture, service: Path) -> None:
    """Write the fixture's files over ``service`` and delete what it deletes."""
    for relative in fixture.deleted:
        (service / relative).unlink()
    for relative in fixture.files:
        path = service / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(fixture.folder / relative, path)


def check_json(root: Path, *options: str) -> dict[str, Any]:
    """``acacia-sop check ROOT --format json OPTIONS``, as a document."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        code = main(["check", str(root), "--format", "json", *options])
    document: dict[str, Any] = json.loads(output.getvalue())
    assert code in (0, 1), document.get("error")
    return document


def reported(document: dict[str, Any]) -> list[Finding]:
    """Every finding of an automated rule in a check's JSON document, sorted."""
    return sorted(
        (
            where
            for where, messages in reported_messages(document).items()
            for _ in messages
        ),
        key=str,
    )


def reported_messages(document: dict[str, Any]) -> dict[Finding, list[str]]:
    """The messages of every finding of an automated rule in a JSON document."""
    messages: dict[Finding, list[str]] = {}
    for result in document["results"]:
        for finding in result["findings"] if result["automated"] else []:
            where = (result["rule_id"], finding["file"], finding["line"])
            messages.setdefault(where, []).append(finding["message"])
    return messages


def statuses(document: dict[str, Any]) -> dict[str, str]:
    """The status of every automated rule in a check's JSON document."""
    return {
        result["rule_id"]: result["status"]
        for result in document["results"]
        if result["automated"]
    }


def automated_rule_ids(document: dict[str, Any]) -> set[str]:
    """The rules a check's JSON document reports as automated."""
    return set(statuses(document))
