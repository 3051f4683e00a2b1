"""How right the checker was on services nobody here wrote, from the committed results.

``make eval-unseen`` writes ``bench/results/checker-unseen.json``: the public
services judged by hand, each family's precision when first judged (before
any fix it prompted) and now, and the violations a reviewer found that the
checker missed. The check command's page shows it as tables.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

JUDGEMENT_MARKER = "<!-- acacia-sop:unseen-services -->"
RESULTS = Path("bench") / "results" / "checker-unseen.json"


NONE = "none"


def _share(counts: dict[str, int] | None) -> str:
    judged = counts["true"] + counts["false"] if counts else 0
    if not counts or not judged:
        return NONE
    return f"{counts['true']} / {judged} ({counts['true'] / judged:.0%})"


def _services(services: dict[str, dict[str, str]]) -> list[str]:
    lines = []
    for source in services.values():
        url = f"https://github.com/{source['repo']}/tree/{source['commit']}"
        folder = "" if source["service"] == "." else f", `{source['service']}`"
        lines.append(f"- [{source['repo']}]({url}) at `{source['commit'][:7]}`{folder}")
    return lines


def _families(results: dict[str, Any]) -> list[str]:
    first, now = results["first_run"], results["now"]
    lines = [
        "| family | first judged: true / findings | now: true / findings |",
        "| --- | --- | --- |",
    ]
    for family in sorted(set(first) | set(now)):
        lines.append(
            f"| {family} | {_share(first.get(family))} | {_share(now.get(family))} |"
        )
    return lines


def _missed(missed: list[dict[str, Any]]) -> list[str]:
    if not missed:
        return ["A reviewer found no violation the checker missed."]
    by_rule = Counter(item["rule"] for item in missed)
    summary = ", ".join(f"{rule} {count}" for rule, count in sorted(by_rule.items()))
    caught = sum(bool(item.get("reported_now")) for item in missed)
    lines = [
        f"Reading the services, a reviewer found {len(missed)} violations the "
        f"checker did not report at first ({summary}); {caught} of them are "
        "reported now:",
        "",
    ]
    for item in sorted(missed, key=lambda i: (i["rule"], i["service"], i["at"])):
        why = re.sub(r"([_*`\[\]])", r"\\\1", " ".join(item["why"].split()))
        now = "reported now" if item.get("reported_now") else "still missed"
        lines.append(
            f"- **{item['rule']}** ({now}), {item['service']} `{item['at']}`: {why}"
        )
    return lines


def render_unseen_judgement(root: Path) -> str:
    """The judged services, precision per family and the missed violations."""
    results = json.loads((root / RESULTS).read_text("utf-8"))
    return "\n".join(
        [
            *_services(results["services"]),
            "",
            *_families(results),
            "",
            *_missed(results["missed"]),
        ]
    )
