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


ROUTING_RULES = ("STY-06", "API-05", "SEC-01")


def test_router_reexported_by_a_package_init_is_followed(
    compliant_copy: Path,
) -> None:
    init = compliant_copy / "app" / "api" / "__init__.py"
    init.write_text('"""Package."""\n\nfrom .v1.router import api_router\n', "utf-8")
    edits = (
        Edit(
            "app/main.py",
            "from app.api.v1.router import api_router",
            "from app.api import api_router",
        ),
        Edit(
            "app/main.py",
            "app.include_router(api_router)",
            'app.include_router(api_router, prefix="/api/v1")',
        ),
        Edit("app/api/v1/router.py", 'APIRouter(prefix="/api/v1")', "APIRouter()"),
    )
    apply(Mutation("STY-06", edits, ()), compliant_copy)
    for rule_id in ROUTING_RULES:
        assert _status(compliant_copy, rule_id) is Status.PASSED, rule_id


def test_relative_imports_in_a_package_init_resolve_inside_it(
    compliant_copy: Path,
) -> None:
    v1 = compliant_copy / "app" / "api" / "v1"
    router = (v1 / "router.py").read_text("utf-8")
    (v1 / "router.py").unlink()
    (v1 / "__init__.py").write_text(
        router.replace("from app.api.v1.endpoints import", "from .endpoints import"),
        "utf-8",
    )
    edit = Edit(
        "app/main.py",
        "from app.api.v1.router import api_router",
        "from app.api.v1 import api_router",
    )
    apply(Mutation("STY-06", (edit,), ()), compliant_copy)
    for rule_id in ROUTING_RULES:
        assert _status(compliant_copy, rule_id) is Status.PASSED, rule_id
