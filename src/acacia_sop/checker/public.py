"""What other programs use of the checker, in one place.

The site's machinery builds its checklist, compliance-report and example-run
pages from these names alone; the modules behind them may change.
"""

from acacia_sop.catalog import rule_link
from acacia_sop.checker.checklist import CHECKLIST, Item, Section
from acacia_sop.checker.checks import all_checks
from acacia_sop.checker.engine import Report, run_checklist
from acacia_sop.checker.model import Check
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.report import to_markdown, to_text

__all__ = [
    "CHECKLIST",
    "Check",
    "Item",
    "Report",
    "Section",
    "ServiceRepo",
    "all_checks",
    "rule_link",
    "run_checklist",
    "to_markdown",
    "to_text",
]
