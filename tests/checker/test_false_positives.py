"""Compliant code that looks like a violation at first sight is not reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from acacia_sop.catalog import rule
from acacia_sop.checker.engine import _run_check, run_checklist
from acacia_sop.checker.model import Check, Finding, Status
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.routes import route_table
from tests.checker.edits import ITEMS, MAIN, Edit, apply_edits


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
    apply_edits(compliant_copy, edit)
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
    apply_edits(compliant_copy, *edits)
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
    apply_edits(compliant_copy, edit)
    for rule_id in ROUTING_RULES:
        assert _status(compliant_copy, rule_id) is Status.PASSED, rule_id


def _findings(root: Path, rule_id: str) -> list[str]:
    report = run_checklist(ServiceRepo(root), only={rule_id})
    return [f.message for r in report.results for f in r.findings]


ROUTER = "app/api/v1/router.py"
PREFIX = 'APIRouter(prefix="/api/v1")'


def test_prefix_from_a_module_constant_is_resolved(compliant_copy: Path) -> None:
    edits = (
        Edit(ROUTER, "api_router = ", 'API_V1_PREFIX = "/api/v1"\napi_router = '),
        Edit(ROUTER, PREFIX, "APIRouter(prefix=API_V1_PREFIX)"),
    )
    apply_edits(compliant_copy, *edits)
    for rule_id in ROUTING_RULES:
        assert _status(compliant_copy, rule_id) is Status.PASSED, rule_id


def test_prefix_from_a_settings_default_is_resolved(compliant_copy: Path) -> None:
    config = compliant_copy / "app" / "core" / "config.py"
    config.write_text(
        config.read_text("utf-8")
        + '    API_V1_STR: str = "/api/v1"\n\n\nsettings = Settings()\n',
        "utf-8",
    )
    edits = (
        Edit(
            ROUTER, "from fastapi", "from app.core.config import settings\nfrom fastapi"
        ),
        Edit(ROUTER, PREFIX, "APIRouter(prefix=settings.API_V1_STR)"),
    )
    apply_edits(compliant_copy, *edits)
    for rule_id in ROUTING_RULES:
        assert _status(compliant_copy, rule_id) is Status.PASSED, rule_id


def test_an_unresolvable_prefix_is_not_checked(compliant_copy: Path) -> None:
    edits = (
        Edit(
            ROUTER,
            "api_router = ",
            'def _prefix() -> str:\n    return "/api/v1"\n\n\napi_router = ',
        ),
        Edit(ROUTER, PREFIX, "APIRouter(prefix=_prefix())"),
    )
    apply_edits(compliant_copy, *edits)
    assert _status(compliant_copy, "API-05") is Status.PASSED
    assert _status(compliant_copy, "SEC-01") is Status.PASSED
    report = run_checklist(ServiceRepo(compliant_copy), only={"STY-06"})
    (result,) = report.results
    assert result.status is Status.NOT_CHECKED
    assert result.reason.startswith("the full path of ")
    assert "{?}" in result.reason


def test_wildcard_origins_behind_a_constant_are_caught(compliant_copy: Path) -> None:
    edits = (
        Edit(MAIN, "def create_app", 'ORIGINS = ["*"]\n\n\ndef create_app'),
        Edit(MAIN, "allow_origins=settings.ALLOWED_ORIGINS", "allow_origins=ORIGINS"),
    )
    apply_edits(compliant_copy, *edits)
    assert _status(compliant_copy, "SEC-06") is Status.FAILED


def test_wildcard_origins_as_the_settings_default_are_caught(
    compliant_copy: Path,
) -> None:
    edit = Edit("app/core/config.py", '["http://localhost:3000"]', '["*"]')
    apply_edits(compliant_copy, edit)
    assert _status(compliant_copy, "SEC-06") is Status.FAILED


def test_http_status_members_are_read(compliant_copy: Path) -> None:
    edits = (
        Edit(ITEMS, "from fastapi", "from http import HTTPStatus\n\nfrom fastapi"),
        Edit(
            ITEMS,
            "status_code=status.HTTP_201_CREATED",
            "status_code=HTTPStatus.CREATED",
        ),
    )
    apply_edits(compliant_copy, *edits)
    assert _status(compliant_copy, "API-06") is Status.PASSED
    apply_edits(compliant_copy, Edit(ITEMS, "HTTPStatus.CREATED", "HTTPStatus.OK"))
    assert _findings(compliant_copy, "API-06") == [
        "`POST /api/v1/items` creates a resource and answers 200: set status_code=201"
    ]


def test_an_unreadable_status_code_is_not_reported_as_200(
    compliant_copy: Path,
) -> None:
    edit = Edit(
        ITEMS, "status_code=status.HTTP_201_CREATED", "status_code=created_status()"
    )
    apply_edits(compliant_copy, edit)
    [message] = _findings(compliant_copy, "API-06")
    assert message.startswith("could not determine the status code of `POST")
    assert "200" not in message


@pytest.mark.parametrize("name", ["get_scoped_session", "required_page_size"])
def test_a_dependency_named_like_security_is_not_auth(
    compliant_copy: Path, name: str
) -> None:
    dependencies = compliant_copy / "app" / "api" / "dependencies.py"
    dependencies.write_text(
        dependencies.read_text("utf-8")
        + f'\n\ndef {name}() -> int:\n    """Not auth."""\n    return 1\n',
        "utf-8",
    )
    edits = (
        Edit(ROUTER, "from app.core.security import get_current_user", ""),
        Edit(
            ROUTER,
            "from fastapi",
            f"from app.api.dependencies import {name}\nfrom fastapi",
        ),
        Edit(ROUTER, "Depends(get_current_user)", f"Depends({name})"),
    )
    apply_edits(compliant_copy, *edits)
    assert _status(compliant_copy, "SEC-01") is Status.FAILED


def test_a_dependency_on_an_oauth2_scheme_is_auth(compliant_copy: Path) -> None:
    dependencies = compliant_copy / "app" / "api" / "dependencies.py"
    dependencies.write_text(
        dependencies.read_text("utf-8")
        + "\n\nasync def caller(subject: CurrentUser) -> str:\n"
        + '    """The subject, via the bearer token."""\n    return subject\n',
        "utf-8",
    )
    edits = (
        Edit(ROUTER, "from app.core.security import get_current_user", ""),
        Edit(
            ROUTER,
            "from fastapi",
            "from app.api.dependencies import caller\nfrom fastapi",
        ),
        Edit(ROUTER, "Depends(get_current_user)", "Depends(caller)"),
    )
    apply_edits(compliant_copy, *edits)
    assert _status(compliant_copy, "SEC-01") is Status.PASSED


HANDLER_REGISTRATION = "    app.add_exception_handler(Exception, problem_handler)\n"


def test_a_handler_decorated_inside_create_app_is_found(compliant_copy: Path) -> None:
    nested = (
        "    @app.exception_handler(Exception)\n"
        "    async def on_error(request: Request, exc: Exception) -> JSONResponse:\n"
        '        """Answer 500 with the correlation ID."""\n'
        '        correlation_id = request.headers.get("X-Request-ID", "")\n'
        '        return JSONResponse({"correlation_id": correlation_id}, 500)\n\n'
    )
    edits = (
        Edit(MAIN, HANDLER_REGISTRATION, nested),
        Edit(
            MAIN, "from fastapi import FastAPI", "from fastapi import FastAPI, Request"
        ),
        Edit(
            MAIN,
            "from fastapi.middleware.cors",
            "from fastapi.responses import JSONResponse\nfrom fastapi.middleware.cors",
        ),
    )
    apply_edits(compliant_copy, *edits)
    assert _status(compliant_copy, "API-04") is Status.PASSED
    lookup = '        correlation_id = request.headers.get("X-Request-ID", "")\n'
    body = '{"correlation_id": correlation_id}'
    apply_edits(compliant_copy, Edit(MAIN, lookup, ""), Edit(MAIN, body, "{}"))
    assert _status(compliant_copy, "API-04") is Status.FAILED


def test_handlers_passed_to_the_fastapi_constructor_are_found(
    compliant_copy: Path,
) -> None:
    edits = (
        Edit(MAIN, HANDLER_REGISTRATION, ""),
        Edit(
            MAIN,
            'version="1.0.0"',
            'version="1.0.0", exception_handlers={Exception: problem_handler}',
        ),
    )
    apply_edits(compliant_copy, *edits)
    assert _status(compliant_copy, "API-04") is Status.PASSED


def test_a_document_named_db_something_is_not_a_database(
    compliant_copy: Path,
) -> None:
    edit = Edit(
        "app/services/item_service.py",
        '    return [str(doc["name"]) async for doc in cursor]',
        '    db_item = {"owner_id": "x"}\n'
        '    return [str(doc["name"]) + db_item["owner_id"] async for doc in cursor]',
    )
    apply_edits(compliant_copy, edit)
    assert _status(compliant_copy, "STY-05") is Status.PASSED
    apply_edits(
        compliant_copy,
        Edit("app/services/item_service.py", "database[ITEMS]", 'items_db["Items"]'),
    )
    assert _status(compliant_copy, "STY-05") is Status.FAILED


@pytest.mark.parametrize(
    ("base", "status"),
    [
        ("FROM --platform=linux/amd64 python:3.11-slim", Status.PASSED),
        ("FROM --platform=linux/amd64 python:3.11-slim AS runtime", Status.PASSED),
        ("FROM --platform=linux/amd64 python:3.12", Status.FAILED),
        ("FROM", Status.FAILED),
    ],
)
def test_dockerfile_base_image_with_flags(
    compliant_copy: Path, base: str, status: Status
) -> None:
    edit = Edit("Dockerfile", "FROM python:3.11-slim", base)
    apply_edits(compliant_copy, edit)
    report = run_checklist(ServiceRepo(compliant_copy), only={"DEP-11"})
    [result] = report.results
    assert result.status is status
    assert not any("could not check" in f.message for f in result.findings)


@pytest.mark.parametrize(
    "pattern", ["**/__pycache__/", "**/__pycache__", "__pycache__/**"]
)
def test_gitignore_patterns_at_any_depth(compliant_copy: Path, pattern: str) -> None:
    edit = Edit(".gitignore", "__pycache__/\n", f"{pattern}\n")
    apply_edits(compliant_copy, edit)
    assert _status(compliant_copy, "STR-03") is Status.PASSED


def _results(root: Path) -> dict[str, list[str]]:
    report = run_checklist(ServiceRepo(root))
    return {
        r.rule_id: [f"{f.location}: {f.message}" for f in r.findings]
        for r in report.results
    }


def test_a_latin1_file_with_a_coding_line_is_checked(compliant_copy: Path) -> None:
    source = (
        "# -*- coding: latin-1 -*-\n"
        '"""Caf\xe9 helpers."""\n\n'
        'SESSION_TOKEN = "9f8e7d6c5b4a3f2e1d0c"\n'
    )
    (compliant_copy / "app" / "utils" / "cafe.py").write_bytes(source.encode("latin-1"))
    results = _results(compliant_copy)
    assert results["SEC-08"]
    assert all("cafe.py" in finding for finding in results["SEC-08"])
    assert results["STY-01"] == []


@pytest.mark.parametrize(
    "content", [b"def broken(:\n", b"x = 1\x00\n", b"\xff\xfe not utf-8\n"]
)
def test_a_file_that_does_not_parse_is_reported_once(
    compliant_copy: Path, content: bytes
) -> None:
    (compliant_copy / "app" / "utils" / "broken.py").write_bytes(content)
    results = _results(compliant_copy)
    failing = {rule: found for rule, found in results.items() if found}
    assert list(failing) == ["STY-01"]
    [finding] = failing["STY-01"]
    assert finding.startswith("app/utils/broken.py")
    assert "does not parse" in finding


def test_a_syntax_error_in_main_is_not_reported_as_missing(
    compliant_copy: Path,
) -> None:
    main = compliant_copy / "app" / "main.py"
    main.write_text(main.read_text("utf-8") + "\ndef oops(:\n", "utf-8")
    results = _results(compliant_copy)
    assert not any("missing" in f for found in results.values() for f in found)
    [finding] = results["API-01"]
    assert finding.startswith("app/main.py:27: does not parse (line 27: ")


def test_an_unexpected_error_names_the_file_being_checked(
    compliant_copy: Path,
) -> None:
    def explode(repo: ServiceRepo) -> list[Finding]:
        for file, _ in repo.trees(repo.app_files):
            if file == MAIN:
                raise ValueError("boom")
        return []

    check = Check(rule("API-01"), "", explode)
    result = _run_check(check, ServiceRepo(compliant_copy), run_tools=False)
    assert result.status is Status.FAILED
    assert [(f.file, f.message) for f in result.findings] == [
        (MAIN, "could not check app/main.py: ValueError('boom')")
    ]


def test_a_local_module_named_like_a_rate_limiter_is_not_one(
    compliant_copy: Path,
) -> None:
    (compliant_copy / "app" / "limits.py").write_text(
        '"""Page sizes."""\n\nMAX_PAGE = 100\n', "utf-8"
    )
    edits = (
        Edit(MAIN, "    app.add_middleware(RateLimitMiddleware)\n", ""),
        Edit(
            MAIN,
            "from app.core.rate_limit import RateLimitMiddleware",
            "from .limits import MAX_PAGE",
        ),
    )
    apply_edits(compliant_copy, *edits)
    assert _status(compliant_copy, "SEC-02") is Status.FAILED


def test_routes_carry_whether_they_are_secured(compliant_copy: Path) -> None:
    routes = route_table(ServiceRepo(compliant_copy)).routes
    assert {(r.method, r.path, r.secured) for r in routes} == {
        ("GET", "/api/v1/health", False),
        ("GET", "/api/v1/items", True),
        ("POST", "/api/v1/items", True),
        ("DELETE", "/api/v1/items/{item_id}", True),
    }
