"""A rule with nothing to look at says "not checked", never "pass"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from acacia_sop.checker.command import main
from acacia_sop.checker.engine import run_checklist
from acacia_sop.checker.model import Status
from acacia_sop.checker.repo import ServiceRepo
from tests.checker.schema_validator import errors
from tests.checker.service_builder import write_service
from tests.conftest import ROOT

ROUTE_RULES = ("STY-06", "API-05", "API-06", "API-07", "API-08", "SEC-01")
SCHEMA = json.loads((ROOT / "integrations/check-report.schema.json").read_text("utf-8"))
APP_WITHOUT_ROUTES = {
    "pyproject.toml": '[project]\nname = "bare"\n',
    "main.py": """
        from fastapi import FastAPI

        app = FastAPI()
        """,
}


def _statuses(root: Path) -> dict[str, tuple[Status, str]]:
    report = run_checklist(ServiceRepo(root))
    return {r.rule_id: (r.status, r.reason) for r in report.results}


def test_route_rules_are_not_checked_when_there_is_no_route(tmp_path: Path) -> None:
    statuses = _statuses(write_service(tmp_path, APP_WITHOUT_ROUTES))
    for rule_id in ROUTE_RULES:
        assert statuses[rule_id] == (
            Status.NOT_CHECKED,
            "no route found on a FastAPI app",
        ), rule_id


def test_a_router_never_mounted_is_skipped_and_named(tmp_path: Path) -> None:
    files = {
        **APP_WITHOUT_ROUTES,
        "admin.py": """
            from fastapi import APIRouter

            router = APIRouter()


            @router.post("/admins")
            async def create_admin() -> None:
                return None
            """,
    }
    status, reason = _statuses(write_service(tmp_path, files))["SEC-01"]
    assert status is Status.NOT_CHECKED
    assert (
        reason
        == "no route found on a FastAPI app (routers never mounted: admin.router)"
    )


def test_routers_imported_by_names_known_at_run_time_leave_routes_unchecked(
    tmp_path: Path,
) -> None:
    files = {
        "pyproject.toml": '[project]\nname = "plugins"\n',
        "main.py": """
            import importlib
            import os

            from fastapi import FastAPI

            app = FastAPI()


            @app.get("/api/v1/health")
            async def health() -> dict[str, str]:
                return {"status": "ok"}


            for name in os.environ["PLUGINS"].split(","):
                plugin = importlib.import_module(f"plugins.{name}")
                app.include_router(plugin.router)
            """,
    }
    statuses = _statuses(write_service(tmp_path, files))
    for rule_id in ROUTE_RULES:
        assert statuses[rule_id] == (
            Status.NOT_CHECKED,
            "routers are mounted from modules imported by names known only at "
            "run time (importlib.import_module(f'plugins.{name}') over "
            "os.environ['PLUGINS'].split(',')) at main.py:14: list the module "
            "names as literals",
        ), rule_id


def test_mongo_rules_are_not_checked_without_mongodb(tmp_path: Path) -> None:
    statuses = _statuses(write_service(tmp_path, APP_WITHOUT_ROUTES))
    for rule_id in ("DB-01", "DB-02", "STY-05", "DB-10", "DB-11"):
        assert statuses[rule_id][0] is Status.NOT_CHECKED, rule_id
        assert "does not use MongoDB" in statuses[rule_id][1]


def test_not_checked_shows_in_every_format_and_keeps_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(write_service(tmp_path, APP_WITHOUT_ROUTES))
    assert main(["check", root, "--only", "SEC-01"]) == 0
    text = capsys.readouterr().out
    assert "○ NOT CHECKED SEC-01" in text
    assert "not checked: no route found on a FastAPI app" in text
    assert text.splitlines()[-1] == "0 passed, 0 failed, 1 not checked, 0 manual"

    assert main(["check", root, "--only", "SEC-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert errors(data, SCHEMA) == []
    assert data["results"][0]["status"] == "not-checked"
    assert data["results"][0]["reason"] == "no route found on a FastAPI app"
    assert data["summary"]["not_checked"] == 1

    assert main(["check", root, "--only", "SEC-01", "--format", "markdown"]) == 0
    assert "| ⏭️ not checked | [SEC-01]" in capsys.readouterr().out


def test_a_folder_without_a_fastapi_app_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_service(tmp_path, {"pyproject.toml": "", "tool.py": "print(1)\n"})
    assert main(["check", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"acacia-sop: error: no FastAPI application found under {tmp_path}\n"
    )
    assert main(["check", str(tmp_path), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["error"] == (
        f"no FastAPI application found under {tmp_path}"
    )
    assert len(captured.err.splitlines()) == 1


README_WITHOUT_VARIABLES = "# Bare\n\n```bash\npip install .\npytest\n```\n"


@pytest.mark.parametrize(
    ("reads", "asked"),
    [("", False), ('import os\n\nURI = os.getenv("MONGO_URI", "")\n', True)],
)
def test_a_readme_names_the_variables_only_of_a_service_that_reads_some(
    tmp_path: Path, reads: str, asked: bool
) -> None:
    files = {**APP_WITHOUT_ROUTES, "README.md": README_WITHOUT_VARIABLES}
    if reads:
        files["settings.py"] = reads
    report = run_checklist(ServiceRepo(write_service(tmp_path, files)))
    results = {result.rule_id: result for result in report.results}
    messages = [finding.message for finding in results["DOC-01"].findings]
    assert any("which variables to set" in m for m in messages) is asked, messages
    if not asked:
        assert results["STR-02"].status is Status.NOT_CHECKED
