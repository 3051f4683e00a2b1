"""The report as SARIF 2.1.0, for code scanning (GitHub, GitLab, Cloud Build)."""

from __future__ import annotations

from typing import Any

from acacia_sop.catalog import plain_text, rule, rule_url
from acacia_sop.checker import __version__
from acacia_sop.checker.engine import Report
from acacia_sop.checker.located import Located, failures

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "acaciaSop/v1"
"""The name of the checker's fingerprint among a result's partial fingerprints."""
SOURCE_ROOT = "%SRCROOT%"
"""Locations are relative to the repository root, which this base names."""


def _descriptor(rule_id: str, site_url: str) -> dict[str, Any]:
    """``tool.driver.rules[]``: a rule's ID, title, why, level and address."""
    written = rule(rule_id)
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "shortDescription": {"text": written.plain_title},
        "helpUri": rule_url(rule_id, site_url),
        "defaultConfiguration": {"level": written.severity.value},
        "properties": {"tags": [written.prefix]},
    }
    if written.why:
        descriptor["help"] = {"text": plain_text(written.why)}
    return descriptor


def _region(found: Located) -> dict[str, Any]:
    region = {"startLine": found.finding.line}
    if found.finding.column is not None:
        region["startColumn"] = found.finding.column
    return {"region": region}


def _result(found: Located, index: int) -> dict[str, Any]:
    """``runs[].results[]``: one finding."""
    artifact = {"uri": found.path, "uriBaseId": SOURCE_ROOT}
    return {
        "ruleId": found.rule_id,
        "ruleIndex": index,
        "level": found.severity.value,
        "message": {"text": found.finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    **(_region(found) if found.finding.line else {}),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: found.fingerprint},
    }


def to_sarif_data(report: Report, site_url: str) -> dict[str, Any]:
    """The SARIF log: one run, a rule per automated item, a result per finding."""
    rule_ids = list(dict.fromkeys(r.rule_id for r in report.results if r.automated))
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    driver = {
        "name": "acacia-sop",
        "version": __version__,
        "informationUri": site_url,
        "rules": [_descriptor(rule_id, site_url) for rule_id in rule_ids],
    }
    found = failures(report, site_url)
    invocation = {
        "executionSuccessful": True,
        "toolExecutionNotifications": [
            {"level": "note", "message": {"text": note}} for note in report.notes
        ],
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "results": [_result(f, index[f.rule_id]) for f in found],
            }
        ],
    }
