"""The report as GitHub Actions workflow commands: one annotation per finding.

``::error file=app/main.py,line=3,col=5,title=SEC-08::message``, ``warning``
or ``notice`` by the rule's severity, escaped as GitHub's toolkit escapes
them (``%``, CR and LF everywhere; ``:`` and ``,`` in properties too).
"""

from __future__ import annotations

from acacia_sop.catalog import Severity, plain_text
from acacia_sop.checker.engine import Report
from acacia_sop.checker.located import Located, failures

COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.NOTE: "notice",
}
DATA_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
PROPERTY_ESCAPES = {**DATA_ESCAPES, ":": "%3A", ",": "%2C"}


def _escape(text: str, escapes: dict[str, str]) -> str:
    return "".join(escapes.get(character, character) for character in text)


def workflow_command(
    command: str, message: str, properties: dict[str, str | int]
) -> str:
    """``::command key=value,...::message``, every part escaped."""
    listed = ",".join(
        f"{key}={_escape(str(value), PROPERTY_ESCAPES)}"
        for key, value in properties.items()
    )
    head = f"{command} {listed}" if listed else command
    return f"::{head}::{_escape(message, DATA_ESCAPES)}"


def _annotation(found: Located) -> str:
    finding = found.finding
    properties: dict[str, str | int] = {"file": found.path}
    if finding.line is not None:
        properties["line"] = finding.line
    if finding.column is not None:
        properties["col"] = finding.column
    properties["title"] = found.rule_id
    title = plain_text(found.result.title)
    message = f"{finding.message} ({found.rule_id} · {title}: {found.url})"
    return workflow_command(COMMANDS[found.severity], message, properties)


def to_github(report: Report, site_url: str) -> str:
    """One workflow command per finding of a failed item, notes as notices."""
    lines = [workflow_command("notice", note, {}) for note in report.notes]
    lines += [_annotation(found) for found in failures(report, site_url)]
    return "".join(f"{line}\n" for line in lines)
