"""The SOP's Backend Development Checklist: wording, rules, how each is checked.

One source for the site's checklist page and for ``acacia-sop check``: an item
is automated when one of its rules has a registered check (see
:mod:`acacia_sop.checker.checks`); otherwise it says what to verify by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from acacia_sop.checker.checks import all_checks


@dataclass(frozen=True)
class Item:
    """One checklist line: its text, the rules it links, and how it is checked."""

    text: str
    rules: tuple[str, ...]
    manual: str = ""
    joiner: str = ", "

    @property
    def checks(self) -> tuple[str, ...]:
        """The rules of this item that a registered check decides."""
        return tuple(rule for rule in self.rules if rule in all_checks())


@dataclass(frozen=True)
class Section:
    """A titled group of checklist items."""

    title: str
    items: tuple[Item, ...]


CHECKLIST: tuple[Section, ...] = (
    Section(
        "Project Setup",
        (
            Item("Directory structure follows SOP layout", ("STR-01",)),
            Item(
                "`.env.example` file created with all required variables",
                ("STR-02",),
            ),
            Item(
                "`README.md` with clear setup instructions",
                ("DOC-01",),
                "Follow the README on a clean machine: the service starts.",
            ),
            Item("`.gitignore` configured for Python projects", ("STR-03",)),
        ),
    ),
    Section(
        "Code Quality",
        (
            Item(
                "`ruff` configured and passing",
                ("STR-04", "STY-03", "WF-01"),
            ),
            Item("`mypy` type checking enabled and passing", ("WF-02",)),
            Item("All functions have type hints", ("STY-01",)),
            Item(
                "Code follows PEP8 naming conventions",
                ("STY-02", "STY-04"),
            ),
            Item("No hardcoded secrets in code", ("SEC-08", "DB-03")),
        ),
    ),
    Section(
        "Database",
        (
            Item("MongoDB connection via `app/core/database.py`", ("DB-01",)),
            Item(
                "Ensure Test Database segregation and correct environment usage",
                ("DB-05", "DB-06", "TST-06"),
                manual="Tests use their own database (`*-test`), and each "
                "environment's connection string and database name say which it is.",
            ),
            Item(
                "All models use Pydantic with proper validation",
                ("DB-07", "DB-08"),
                manual="Every stored document and request/response shape is a "
                "Pydantic model with strict types and bounds.",
            ),
            Item("DBs and Collections use `kebab-case` naming", ("STY-05",)),
            Item(
                "Indexes documented and version-controlled",
                ("DB-10", "DB-11"),
            ),
            Item(
                "Database authentication configured",
                ("DB-13",),
                manual="The MongoDB deployment requires authentication and the "
                "service's user exists per environment with least privileges.",
            ),
        ),
    ),
    Section(
        "API Development",
        (
            Item("FastAPI app follows factory pattern", ("API-01",)),
            Item(
                "All endpoints use proper HTTP methods and status codes",
                ("API-06",),
            ),
            Item(
                "URLs follow REST conventions (plural nouns)",
                ("API-07", "API-08", "STY-06"),
            ),
            Item(
                "Input/output validation with Pydantic schemas",
                ("API-03",),
                manual="Every endpoint declares Pydantic request bodies and a "
                "`response_model`; no raw dicts leave the API.",
            ),
            Item("Error responses include correlation IDs", ("API-04",)),
            Item("Health check endpoint implemented", ("API-05",)),
        ),
    ),
    Section(
        "Security",
        (
            Item("JWT/OAuth2 authentication implemented", ("SEC-01",)),
            Item("Rate limiting configured where needed", ("SEC-02",)),
            Item(
                "All inputs validated and sanitised",
                ("SEC-04",),
                manual="Strings are trimmed and bounded, e-mails normalised, and "
                "no user input reaches a query operator unchecked.",
            ),
            Item(
                "Secrets stored in GCP Secret Manager only",
                ("SEC-07",),
                manual="Each secret exists in Secret Manager for each environment "
                "and nowhere else (no plain env vars in the Cloud Run console).",
            ),
            Item("CORS properly configured", ("SEC-06",)),
            Item(
                "HTTPS enforced in production",
                ("SEC-03",),
                manual="The production URL answers only over HTTPS (no plain-HTTP "
                "load-balancer frontend).",
            ),
        ),
    ),
    Section(
        "Testing",
        (
            Item("`pytest` configured with async support", ("TST-05",)),
            Item(
                "Comply with our Testing Framework",
                ("TST-16", "TST-31"),
                manual="Read the test suite against TST-16 to TST-31.",
                joiner=" to ",
            ),
            Item(
                "Testing Framework: Practical approach - Test what matters most "
                "(endpoints, integrations)",
                ("TST-17",),
                manual="Endpoints and integrations have tests before helpers do.",
            ),
            Item(
                "Testing Framework: Focused on API testing - Smoke tests for critical "
                "endpoints rather than extensive unit testing",
                ("TST-16",),
                manual="Each critical endpoint has a smoke test marked `smoke`.",
            ),
            Item(
                "Smoke Tests: Health check verification",
                ("TST-25",),
                manual="A smoke test calls `GET /api/v1/health`.",
            ),
            Item(
                "Smoke Tests: Basic connectivity tests",
                ("TST-26",),
                manual="A smoke test reaches the database through the app.",
            ),
            Item(
                "Smoke Tests: Documentation accessibility",
                ("TST-27",),
                manual="A smoke test loads `/docs` and `/openapi.json`.",
            ),
            Item(
                "Testing Framework: Extensive A/B testing - in the Staging "
                "deployment, simulate edge cases, pressure test system with volume, "
                "etc.",
                ("TST-18",),
                manual="Staging was load- and edge-case-tested before release.",
            ),
            Item(
                "Database Integration: Connection testing",
                ("TST-19",),
                manual="A test opens the real client and pings the server.",
            ),
            Item(
                "Database Integration: CRUD operation validation",
                ("TST-20",),
                manual="Create, read, update and delete are tested on a real database.",
            ),
            Item(
                "Database Integration: Real database interaction",
                ("TST-21",),
                manual="Database tests use a real server, not a mock.",
            ),
            Item(
                "Service Integration Tests: End-to-end business logic flows",
                ("TST-22",),
                manual="A test drives a whole flow over HTTP.",
            ),
            Item(
                "Service Integration Tests: Error handling and edge cases",
                ("TST-23",),
                manual="404, 409, 422 and 503 paths are tested.",
            ),
            Item(
                "Service Integration Tests: Database interaction validation",
                ("TST-24",),
                manual="Service tests assert what is stored.",
            ),
            Item(
                "Running Tests: Various execution scenarios",
                ("TST-28",),
                manual="The suite runs locally, in CI and against `MONGO_URI`.",
            ),
            Item(
                "Running Tests: Coverage reporting",
                ("TST-29", "TST-04"),
                manual="Coverage is reported in CI.",
            ),
            Item(
                "Running Tests: Selective test running",
                ("TST-30",),
                manual="Markers (`smoke`, `integration`, ...) select subsets.",
            ),
            Item(
                "Running Tests: Performance considerations",
                ("TST-31",),
                manual="Slow tests are marked and the suite stays fast.",
            ),
        ),
    ),
    Section(
        "Performance",
        (
            Item(
                "All I/O operations are async",
                ("PERF-02",),
                manual="No blocking call (sync driver, `requests`, `time.sleep`) "
                "runs in a request.",
            ),
            Item(
                "Connection pooling implemented",
                ("PERF-03", "DB-02"),
                manual="The client sets pool sizes from settings.",
            ),
            Item(
                "Service is stateless",
                ("PERF-01",),
                manual="No request data is kept in process memory between requests.",
            ),
            Item(
                "Proper error handling and timeouts",
                ("PERF-04",),
                manual="Every outbound call has a timeout and a mapped error.",
            ),
            Item(
                "Response times < 200ms for key requests",
                ("PERF-10",),
                manual="Measure p95 of key requests on staging.",
            ),
        ),
    ),
    Section(
        "Logging & Monitoring",
        (
            Item("Structured JSON logging configured", ("PERF-05",)),
            Item(
                "Correlation IDs in all log entries",
                ("PERF-06",),
                manual="Every log line of a request carries its correlation ID.",
            ),
            Item(
                "GCP Cloud Monitoring integration",
                ("PERF-07",),
                manual="Dashboards and alerts exist in Cloud Monitoring.",
            ),
            Item(
                "Health check endpoint monitoring",
                ("PERF-09",),
                manual="An uptime check calls `/api/v1/health`.",
            ),
        ),
    ),
    Section(
        "Deployment",
        (
            Item("Dockerfile follows SOP template", ("DEP-11",)),
            Item(
                "The lock holds every declared dependency at its declared version",
                ("DEP-19",),
            ),
            Item(
                "`cloudbuild.yaml` configured",
                ("DEP-12", "DEP-10"),
            ),
            Item(
                "Cloud Build trigger linked to main branch",
                ("DEP-13",),
                manual="In the GCP console, a trigger on `main` runs cloudbuild.yaml.",
            ),
            Item("Secrets properly configured in deployment", ("DEP-14",)),
            Item(
                "Health checks working",
                ("DEP-17",),
                manual="`curl https://<service>/api/v1/health` answers 200.",
            ),
            Item(
                "Service accessible and responding",
                ("DEP-18",),
                manual="The deployed service answers an authenticated request.",
            ),
        ),
    ),
    Section(
        "Documentation",
        (
            Item(
                "Documentation must be updated and in-line with our current docs",
                ("DOC-08", "DOC-05"),
                manual="The README and docs match the code.",
            ),
            Item(
                "This must be clear and concise",
                ("DOC-09",),
                manual="A reviewer reads the docs once and knows what to do.",
            ),
            Item(
                "Explain data flows in the system",
                ("DOC-10",),
                manual="The docs trace a request from endpoint to database.",
            ),
            Item(
                "Explain data dependencies, inputs and expectations",
                ("DOC-11",),
                manual="Inputs, outputs and upstream data are described.",
            ),
            Item(
                "Clear Architectural explanations of how components, modules or "
                "classes link together and are called between themselves",
                ("DOC-12",),
                manual="The layering and call paths are explained.",
            ),
            Item(
                "Deployment instructions documented",
                ("DOC-04",),
                manual="The README says how to deploy and roll back.",
            ),
            Item(
                "Architecture diagrams (Use Mermaid Diagrams)",
                ("DOC-03", "DOC-13"),
            ),
        ),
    ),
    Section(
        "Final Review",
        (
            Item(
                "Code reviewed by team member (if needed)",
                ("WF-09", "WF-07"),
                manual="The pull request has an approving review.",
            ),
            Item(
                "All automated checks passing",
                ("WF-10",),
                manual="CI is green, including `acacia-sop check --run-tools`.",
            ),
            Item(
                "Performance requirements met",
                ("PERF-10",),
                manual="Key requests stay under 200 ms on staging.",
            ),
            Item(
                "Security review completed (if needed)",
                ("SEC-10",),
                manual="Auth, data or infrastructure changes had a security review.",
            ),
            Item(
                "Documentation reviewed and updated",
                ("DOC-14",),
                manual="The docs were reviewed before release.",
            ),
        ),
    ),
)


def items() -> list[Item]:
    """Every item, in page order."""
    return [item for section in CHECKLIST for item in section.items]
