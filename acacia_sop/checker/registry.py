"""Every automated check, keyed by the SOP rule ID it enforces."""

from __future__ import annotations

from acacia_sop.checker.model import Check
from acacia_sop.checker.rules import (
    api,
    database,
    deploy,
    middleware,
    project,
    quality,
    secrets,
    testing,
    tools,
)

RULE_PAGES = {
    "STR": "sop/01-project-structure.md",
    "STY": "sop/02-code-style.md",
    "DB": "sop/03-mongodb.md",
    "API": "sop/04-fastapi.md",
    "TST": "sop/05-testing.md",
    "SEC": "sop/06-security.md",
    "PERF": "sop/07-performance.md",
    "DEP": "sop/08-deployment.md",
    "DOC": "sop/09-documentation.md",
    "WF": "sop/10-workflow.md",
    "CMP": "compliance.md",
}

CHECKS: tuple[Check, ...] = (
    Check(
        "STR-01",
        "Mandatory directory layout",
        "the app/ and tests/ folders and files of the SOP layout, and requirements.txt",
        project.check_layout,
    ),
    Check(
        "STR-02",
        "`.env.example` lists every setting",
        "`.env.example` against the fields of the Settings class in app/core/config.py",
        project.check_env_example,
    ),
    Check(
        "DOC-01",
        "README with set-up instructions",
        "README.md: a title and a fenced block of commands",
        project.check_readme,
    ),
    Check(
        "STR-03",
        "Python `.gitignore`",
        ".gitignore ignores bytecode, tool "
        "caches, coverage data and `.env` but not `.env.example`",
        project.check_gitignore,
    ),
    Check(
        "STR-04",
        "ruff configured",
        "[tool.ruff] in pyproject.toml or a ruff.toml",
        quality.check_ruff_configured,
    ),
    Check(
        "WF-01",
        "ruff passes",
        "`ruff check` and `ruff format --check` run in the service (with --run-tools)",
        None,
        tools.run_ruff,
    ),
    Check(
        "WF-02",
        "mypy strict configured and passing",
        "[tool.mypy] strict = "
        "true; with --run-tools, mypy runs on app/, tests/, migrations/, "
        "scripts/",
        tools.check_mypy_configured,
        tools.run_mypy,
    ),
    Check(
        "STY-01",
        "Type hints on every function",
        "every def: parameters (not self/cls) and return type annotated; "
        "a Python file that does not parse is reported here (no check can read it)",
        quality.check_type_hints,
    ),
    Check(
        "STY-02",
        "88-column lines",
        "ruff's line-length (88, its default)",
        quality.check_line_length,
    ),
    Check(
        "STY-04",
        "Naming conventions",
        "snake_case files and functions, "
        "PascalCase classes, UPPER_CASE module-level literal constants",
        quality.check_naming,
    ),
    Check(
        "SEC-08",
        "No hard-coded secrets",
        "string literals assigned to names "
        "like SECRET_KEY, password, api_key, token; known key formats; secret "
        "values in .env.example",
        secrets.check_hardcoded_secrets,
    ),
    Check(
        "DB-03",
        "No credentials in connection strings",
        "`mongodb://user:pass@` "
        "in Python strings, .env.example, Dockerfile and Cloud Build files",
        secrets.check_connection_strings,
    ),
    Check(
        "DB-01",
        "MongoDB clients only in app/core/database.py",
        "calls to Motor/PyMongo client classes outside app/core/database.py",
        database.check_client_location,
    ),
    Check(
        "DB-02",
        "Async MongoDB clients only",
        "no pymongo.MongoClient; "
        "app/core/database.py builds AsyncIOMotorClient or AsyncMongoClient",
        database.check_async_driver,
    ),
    Check(
        "STY-05",
        "kebab-case collection and database names",
        '`db["..."]` '
        "subscripts, get_collection(), collection= arguments and "
        "*_COLLECTION / DATABASE* constants",
        database.check_kebab_names,
    ),
    Check(
        "DB-10",
        "Indexes only in migrations",
        "create_index()/create_indexes() calls outside migrations/",
        database.check_indexes_in_migrations,
    ),
    Check(
        "DB-11",
        "Every index states its purpose",
        'index definitions in migrations/ carry purpose="..." or a comment',
        database.check_index_purpose,
    ),
    Check(
        "API-01",
        "create_app() factory",
        "app/main.py defines create_app() "
        "calling FastAPI() and exposes app = create_app()",
        api.check_factory,
    ),
    Check(
        "API-06",
        "POST answers 201, DELETE 204",
        "status_code= of each @router.post/@router.delete (auth endpoints excepted)",
        api.check_status_codes,
    ),
    Check(
        "STY-06",
        "Routes under /api/v1",
        "full path of every route (APIRouter and include_router prefixes joined)",
        api.check_api_prefix,
    ),
    Check(
        "API-07",
        "Plural resource nouns",
        "every static path segment is plural (health, auth, token, me excepted)",
        api.check_plural_nouns,
    ),
    Check(
        "API-08",
        "No verbs in URLs",
        "no path segment starts with a verb (get-, create-, update-...)",
        api.check_no_verbs,
    ),
    Check(
        "API-04",
        "Correlation ID in error bodies",
        "every registered exception handler (or what it calls) sets the correlation ID",
        api.check_error_correlation,
    ),
    Check("API-05", "Health endpoint", "a GET /api/v1/health route", api.check_health),
    Check(
        "SEC-01",
        "Auth on every route but health",
        "a Depends/Security on a "
        "security dependency at route, router or include_router level",
        api.check_auth,
    ),
    Check(
        "SEC-02",
        "Rate limiting",
        "slowapi/fastapi-limiter, or a rate-limit middleware or dependency in app/",
        middleware.check_rate_limiting,
    ),
    Check(
        "SEC-06",
        "CORS with explicit origins",
        'add_middleware(CORSMiddleware, allow_origins=...) without "*"',
        middleware.check_cors,
    ),
    Check(
        "TST-05",
        "pytest with async support",
        "pytest configuration with asyncio_mode, or pytest-asyncio in the requirements",
        testing.check_pytest_async,
    ),
    Check(
        "TST-04",
        "Coverage threshold >= 80 %",
        "--cov-fail-under in addopts or coverage's fail_under",
        testing.check_coverage_threshold,
    ),
    Check(
        "PERF-05",
        "Structured JSON logging",
        "a JSON log formatter in app/ and a logging set-up call in app/main.py",
        middleware.check_json_logging,
    ),
    Check(
        "DEP-11",
        "Dockerfile from the SOP template",
        "FROM python:3.11-slim, "
        "HEALTHCHECK on /api/v1/health, CMD uvicorn app.main:app --port ${PORT} "
        "--workers",
        deploy.check_dockerfile,
    ),
    Check(
        "DEP-12",
        "cloudbuild.yaml builds, pushes and deploys",
        "the steps of cloudbuild.yaml",
        deploy.check_cloudbuild,
    ),
    Check(
        "DEP-10",
        "cloudbuild-staging.yaml builds, pushes and deploys",
        "the steps of cloudbuild-staging.yaml",
        deploy.check_cloudbuild_staging,
    ),
    Check(
        "DEP-14",
        "Secrets passed with --set-secrets",
        "the deploy steps of both Cloud Build files",
        deploy.check_deploy_secrets,
    ),
    Check(
        "DOC-13",
        "Mermaid diagrams",
        "a ```mermaid block in README.md or docs/",
        project.check_mermaid,
    ),
)

CHECKS_BY_ID = {check.rule_id: check for check in CHECKS}


def rule_page(rule_id: str) -> str:
    """The site page that holds a rule, e.g. ``sop/03-mongodb.md``."""
    return RULE_PAGES[rule_id.split("-", 1)[0]]


def rule_link(rule_id: str, base: str = "") -> str:
    """A Markdown link to the rule's anchor on the site."""
    return f"[{rule_id}]({base}{rule_page(rule_id)}#{rule_id})"
