"""Compliant code that looks like a violation at first sight is not reported."""

from __future__ import annotations

from pathlib import Path

from acacia_sop.checker.engine import run_checklist
from acacia_sop.checker.model import Status
from acacia_sop.checker.repo import ServiceRepo
from tests.checker.mutations import Edit, Mutation, apply


def _status(root: Path, rule_id: str) -> Status:
    report = run_checklist(ServiceRepo(root))
    return next(r.status for r in report.results if r.rule_id == rule_id)


def test_rate_limit_under_a_token_name_is_not_a_secret(compliant_copy: Path) -> None:
    helpers = compliant_copy / "app" / "utils" / "helpers.py"
    helpers.write_text(
        helpers.read_text("utf-8") + '\n\nRATE_LIMIT_TOKEN = "5/minute"\n', "utf-8"
    )
    assert _status(compliant_copy, "SEC-08") is Status.PASSED
    helpers.write_text(
        helpers.read_text("utf-8") + 'SESSION_TOKEN = "9f8e7d6c5b4a3f2e1d0c"\n', "utf-8"
    )
    assert _status(compliant_copy, "SEC-08") is Status.FAILED


def test_app_built_by_a_wrapper_around_create_app_counts(compliant_copy: Path) -> None:
    wrapper = (
        "def build_app_or_exit() -> FastAPI:\n"
        '    """Build the app or exit."""\n'
        "    return create_app()\n\n\n"
        "app = build_app_or_exit()"
    )
    edit = Edit("app/main.py", "app = create_app()", wrapper)
    apply(Mutation("API-01", (edit,), ()), compliant_copy)
    assert _status(compliant_copy, "API-01") is Status.PASSED
