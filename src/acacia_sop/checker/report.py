"""Render a report as text, JSON, a Markdown table, SARIF or GitHub annotations.

Every format links a rule to its page on the hosted site, ``site_url``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from acacia_sop.catalog import (
    DEFAULT_SITE_URL,
    Severity,
    plain_text,
    rule_link,
    rule_url,
)
from acacia_sop.checker import __version__
from acacia_sop.checker.engine import ManualResult, Report
from acacia_sop.checker.github import to_github
from acacia_sop.checker.located import Located, located
from acacia_sop.checker.model import Accepted, Result, Status
from acacia_sop.checker.sarif import to_sarif_data

FORMATS = ("text", "json", "markdown", "sarif", "github")
SYMBOLS = {
    Status.PASSED: "✓ PASS  ",
    Status.FAILED: "✗ FAIL  ",
    Status.MANUAL: "? MANUAL",
    Status.NOT_CHECKED: "○ NOT CHECKED",
    Status.DEVIATION: "⚑ DEVIATION",
}
MARKDOWN_STATUS = {
    Status.PASSED: "✅ pass",
    Status.FAILED: "❌ fail",
    Status.MANUAL: "👤 manual",
    Status.NOT_CHECKED: "⏭️ not checked",
    Status.DEVIATION: "📝 deviation",
}


def _summary_line(report: Report) -> str:
    summary = report.summary
    line = (
        f"{summary['passed']} passed, {summary['failed']} failed, "
        f"{summary['not_checked']} not checked, {summary['manual']} manual"
    )
    extra = [f"{summary['deviation']} deviation"] if summary["deviation"] else []
    accepted = _accepted([a for r in report.results for a in r.accepted])
    extra += [accepted] if accepted else []
    if report.fixed:
        count = len(report.fixed)
        extra.append(f"{count} fixed baseline {'entry' if count == 1 else 'entries'}")
    return f"{line} ({', '.join(extra)})" if extra else line


def _accepted(accepted: list[Accepted]) -> str:
    """``17 findings deviated, 1 suppressed``; empty when none was accepted."""
    counts = sorted(Counter(a.how for a in accepted).items())
    parts = [f"{count} {how}" for how, count in counts]
    if not parts:
        return ""
    (how, count), rest = counts[0], parts[1:]
    noun = "finding" if count == 1 else "findings"
    return ", ".join([f"{count} {noun} {how}", *rest])


def _adoption(result: Result) -> str:
    """`` — deviation until ...: reason`` and what was accepted, or nothing."""
    text = ""
    if result.deviation is not None:
        until = result.deviation.expires or "no expiry"
        expired = result.status is Status.FAILED
        text += f" — deviation {'expired on' if expired else 'until'} {until}: "
        text += result.deviation.reason
    accepted = _accepted(list(result.accepted))
    return f"{text} ({accepted})" if accepted else text


def _fixed_lines(report: Report) -> list[str]:
    return [
        f"fixed: {entry.rule_id} {entry.file}: {entry.message} — "
        "no longer found: write the baseline again to remove it"
        for entry in report.fixed
    ]


def _verify(result: Result) -> str:
    return result.verify if isinstance(result, ManualResult) else ""


def _severity(result: Result) -> str:
    """`` [warning]`` or `` [note]``; nothing for the default, ``error``."""
    return "" if result.severity is Severity.ERROR else f" [{result.severity}]"


def to_text(report: Report) -> str:
    """One line per item, findings indented below, then the summary."""
    lines = [f"acacia-sop {__version__} · {report.path}"]
    lines.extend(f"note: {note}" for note in report.notes)
    for result in report.results:
        title = plain_text(result.title)
        line = f"{SYMBOLS[result.status]} {result.rule_id:<8} {title}"
        line += _severity(result)
        if _verify(result):
            line += f" — verify: {_verify(result)}"
        if result.reason:
            line += f" — not checked: {result.reason}"
        lines.append(line + _adoption(result))
        lines.extend(
            f"{'':18}{finding.location}: {finding.message}"
            for finding in result.findings
        )
    lines.extend(_fixed_lines(report))
    lines.append(_summary_line(report))
    return "\n".join(lines) + "\n"


def _finding_data(found: Located) -> dict[str, Any]:
    finding = found.finding
    return {
        "rule": found.rule_id,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "severity": found.severity.value,
        "message": finding.message,
        "fingerprint": found.fingerprint,
        "url": found.url,
    }


def to_data(report: Report, site_url: str = DEFAULT_SITE_URL) -> dict[str, Any]:
    """The JSON document (its schema: ``integrations/check-report.schema.json``)."""
    return {
        "tool": "acacia-sop",
        "version": __version__,
        "path": report.path,
        "notes": list(report.notes),
        "summary": report.summary,
        "results": [
            {
                "rule_id": result.rule_id,
                "title": plain_text(result.title),
                "severity": result.severity.value,
                "status": result.status.value,
                "automated": result.automated,
                "url": rule_url(result.rule_id, site_url),
                "findings": [
                    _finding_data(found) for found in located(report, result, site_url)
                ],
                **({"verify": _verify(result)} if _verify(result) else {}),
                **({"reason": result.reason} if result.reason else {}),
                **_adoption_data(result),
            }
            for result in report.results
        ],
        "fixed": [
            {
                "rule_id": entry.rule_id,
                "file": entry.file,
                "fingerprint": entry.fingerprint,
                "message": entry.message,
            }
            for entry in report.fixed
        ],
    }


def _adoption_data(result: Result) -> dict[str, Any]:
    """A result's accepted findings and deviation, when it has them."""
    data: dict[str, Any] = {}
    if result.accepted:
        data["accepted"] = [
            {
                "file": a.finding.file,
                "line": a.finding.line,
                "message": a.finding.message,
                "fingerprint": a.finding.fingerprint,
                "how": a.how.value,
                "reason": a.reason,
            }
            for a in result.accepted
        ]
    if result.deviation is not None:
        expires = result.deviation.expires
        data["deviation"] = {
            "reason": result.deviation.reason,
            "expires": expires.isoformat() if expires else None,
        }
    return data


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_json(report: Report, site_url: str = DEFAULT_SITE_URL) -> str:
    """The report as indented JSON."""
    return _dumps(to_data(report, site_url))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _link(rule_id: str, site_url: str | None) -> str:
    if site_url is None:
        return rule_link(rule_id)
    return f"[{rule_id}]({rule_url(rule_id, site_url)})"


def to_markdown(report: Report, site_url: str | None = DEFAULT_SITE_URL) -> str:
    """A table with one row per item, rule IDs linked to the hosted site.

    With ``site_url`` ``None`` the links are the rules' pages relative to the
    site's root (a page of the site itself).
    """
    lines = [f"> **Note:** {_cell(note)}" for note in report.notes]
    lines += [""] if lines else []
    lines += [
        "| Status | Rule | Item | Findings |",
        "| --- | --- | --- | --- |",
    ]
    for result in report.results:
        findings = "<br>".join(
            f"`{_cell(f.location)}` {_cell(f.message)}" for f in result.findings
        ) or _cell(_verify(result) or result.reason)
        findings = (findings + _cell(_adoption(result))).removeprefix(" — ")
        lines.append(
            f"| {MARKDOWN_STATUS[result.status]} | "
            f"{_link(result.rule_id, site_url)} | "
            f"{_cell(result.title)}{_severity(result)} | "
            f"{findings} |"
        )
    if report.fixed:
        lines.extend(["", *(f"- {_cell(line)}" for line in _fixed_lines(report))])
    lines.extend(["", f"**{_summary_line(report)}**"])
    return "\n".join(lines) + "\n"


def render(report: Report, output_format: str, site_url: str = DEFAULT_SITE_URL) -> str:
    """Render in one of :data:`FORMATS`, rules linked to ``site_url``."""
    if output_format == "json":
        return to_json(report, site_url)
    if output_format == "markdown":
        return to_markdown(report, site_url)
    if output_format == "sarif":
        return _dumps(to_sarif_data(report, site_url))
    if output_format == "github":
        return to_github(report, site_url)
    return to_text(report)
