"""One mutation of the compliant fixture per automated rule, and what it trips.

An edit replaces text in a file, writes a file or deletes one. ``expected``
lists the findings the broken rule must report: ``(file, line)``, where a
string line means "the line of the mutated file holding this text".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` by ``new`` in ``file``.

    ``old=None`` writes the whole file; ``new=None`` deletes it.
    """

    file: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Mutation:
    """Edits that break exactly one rule, and the findings expected for it."""

    rule_id: str
    edits: tuple[Edit, ...]
    expected: tuple[tuple[str, int | str | None], ...]
    run_tools: bool = False


def apply(mutation: Mutation, root: Path) -> None:
    """Apply a mutation's edits to a copy of the fixture."""
    apply_edits(root, *mutation.edits)


def apply_edits(root: Path, *edits: Edit) -> None:
    """Apply edits to a copy of the fixture."""
    for edit in edits:
        path = root / edit.file
        if edit.new is None:
            path.unlink()
        elif edit.old is None:
            path.write_text(edit.new, encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
            assert edit.old in text, f"{edit.file} has no {edit.old!r}"
            path.write_text(text.replace(edit.old, edit.new, 1), encoding="utf-8")


def resolve_line(root: Path, file: str, line: int | str | None) -> int | None:
    """Turn a marker string into the line number that holds it."""
    if not isinstance(line, str):
        return line
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if line in text)


HELPERS = "app/utils/helpers.py"
ITEMS = "app/api/v1/endpoints/items.py"
MAIN = "app/main.py"
PYPROJECT = "pyproject.toml"


def _append(file: str, anchor: str, added: str) -> Edit:
    return Edit(file, anchor, anchor + added)


SLUG = '    return "-".join(text.lower().split())\n'
LEGACY = '''"""Old routes, mounted beside /api/v1 rather than under it."""

from fastapi import APIRouter, Depends

from app.core.security import get_current_user

router = APIRouter(prefix="/legacy-items", dependencies=[Depends(get_current_user)])


@router.get("")
async def list_legacy_items() -> list[str]:
    """Nothing left."""
    return []
'''
REPORTS = '''"""Reports."""

from motor.motor_asyncio import AsyncIOMotorClient


def reports_client(uri: str) -> object:
    """A second client."""
    return AsyncIOMotorClient(uri, timeoutMS=5_000)
'''
SLOW = '''"""Reports."""

import time


async def wait_for_report() -> None:
    """Wait, blocking the event loop."""
    time.sleep(1)
'''
BLIND = '''"""Reports."""


def parse_count(text: str) -> int:
    """Parse a count, swallowing every error."""
    try:
        return int(text)
    except Exception:
        return 0
'''
SYNC_CLIENT = '''

def create_reporting_client(settings: Settings) -> object:
    """Create a blocking client beside the async one."""
    from pymongo import MongoClient

    return MongoClient(settings.MONGO_URI, timeoutMS=5_000)
'''

MUTATIONS: tuple[Mutation, ...] = (
    Mutation("STR-01", (Edit(HELPERS, None, None),), ((HELPERS, None),)),
    Mutation(
        "STR-02",
        (Edit(".env.example", 'ALLOWED_ORIGINS=["http://localhost:3000"]\n', ""),),
        (("app/core/config.py", "ALLOWED_ORIGINS"),),
    ),
    Mutation(
        "DOC-01",
        (Edit("README.md", "pytest\n", ""),),
        (("README.md", None),),
    ),
    Mutation(
        "STR-03", (Edit(".gitignore", ".mypy_cache/\n", ""),), ((".gitignore", None),)
    ),
    Mutation(
        "STR-04",
        (
            Edit(
                PYPROJECT,
                '[tool.ruff]\nline-length = 88\ntarget-version = "py310"\n',
                "",
            ),
        ),
        ((PYPROJECT, None),),
    ),
    Mutation(
        "WF-01",
        (_append(HELPERS, SLUG, "\n\nimport os\n"),),
        ((HELPERS, "import os"),),
        run_tools=True,
    ),
    Mutation(
        "WF-02",
        (Edit(PYPROJECT, "strict = true", "strict = false"),),
        ((PYPROJECT, None),),
    ),
    Mutation(
        "STY-01",
        (
            _append(
                HELPERS, SLUG, "\n\ndef shout(text: str):\n    return text.upper()\n"
            ),
        ),
        ((HELPERS, "def shout"),),
    ),
    Mutation(
        "STY-02",
        (Edit(PYPROJECT, "line-length = 88", "line-length = 120"),),
        ((PYPROJECT, "line-length"),),
    ),
    Mutation(
        "STY-04",
        (_append(HELPERS, SLUG, "\n\ndef getItems() -> None:\n    return None\n"),),
        ((HELPERS, "def getItems"),),
    ),
    Mutation(
        "SEC-08",
        (_append(HELPERS, SLUG, '\n\nAPI_KEY = "9f8e7d6c5b4a3f2e"\n'),),
        ((HELPERS, "API_KEY"),),
    ),
    Mutation(
        "DB-03",
        (
            _append(
                HELPERS,
                SLUG,
                '\n\nBACKUP_URI = "mongodb://admin:hunter2@db.internal:27017/"\n',
            ),
        ),
        ((HELPERS, "BACKUP_URI"),),
    ),
    Mutation(
        "DB-01",
        (Edit("app/services/report_service.py", None, REPORTS),),
        (("app/services/report_service.py", "return AsyncIOMotorClient"),),
    ),
    Mutation(
        "DB-02",
        (_append("app/core/database.py", "    return client\n", SYNC_CLIENT),),
        (
            ("app/core/database.py", "from pymongo import MongoClient"),
            ("app/core/database.py", "return MongoClient"),
        ),
    ),
    Mutation(
        "STY-05",
        (
            Edit(
                "app/services/item_service.py", 'ITEMS = "items"', 'ITEMS = "itemStore"'
            ),
        ),
        (("app/services/item_service.py", "cursor = database[ITEMS]"),),
    ),
    Mutation(
        "DB-10",
        (
            Edit(
                "app/services/item_service.py",
                '    """Insert an item."""\n',
                '    """Insert an item."""\n'
                "    # Items are looked up by name.\n"
                '    await database[ITEMS].create_index("name")\n',
            ),
        ),
        (("app/services/item_service.py", "create_index"),),
    ),
    Mutation(
        "DB-11",
        (
            Edit(
                "migrations/m0001_items.py",
                "    # Looks items up by their public id and keeps it unique.\n",
                "",
            ),
        ),
        (("migrations/m0001_items.py", "IndexModel("),),
    ),
    Mutation(
        "API-01",
        (
            Edit(MAIN, "def create_app(", "def build_app("),
            Edit(MAIN, "app = create_app()", "app = build_app()"),
        ),
        ((MAIN, None),),
    ),
    Mutation(
        "API-06",
        (
            Edit(
                ITEMS,
                '@router.post("", status_code=status.HTTP_201_CREATED)',
                '@router.post("")',
            ),
        ),
        ((ITEMS, '@router.post("")'),),
    ),
    Mutation(
        "STY-06",
        (
            Edit("app/api/legacy.py", None, LEGACY),
            Edit(
                MAIN,
                "    app.include_router(api_router)\n",
                "    app.include_router(api_router)\n"
                "    app.include_router(legacy.router)\n",
            ),
            Edit(
                MAIN,
                "from app.api.errors",
                "from app.api import legacy\nfrom app.api.errors",
            ),
        ),
        (("app/api/legacy.py", '@router.get("")'),),
    ),
    Mutation(
        "API-07",
        (
            Edit(
                ITEMS,
                '@router.delete("/{item_id}"',
                '@router.delete("/{item_id}/tag/{tag_id}"',
            ),
            Edit(
                ITEMS,
                "item_id: str) -> Response",
                "item_id: str, tag_id: str) -> Response",
            ),
        ),
        ((ITEMS, "@router.delete"),),
    ),
    Mutation(
        "API-08",
        (Edit(ITEMS, '@router.get("")', '@router.get("/get-items")'),),
        ((ITEMS, "get-items"),),
    ),
    Mutation(
        "API-03",
        (Edit(ITEMS, '@router.get("")', '@router.get("/{owner_id}")'),),
        ((ITEMS, '@router.get("/{owner_id}")'),),
    ),
    Mutation(
        "PERF-02",
        (Edit("app/services/report_service.py", None, SLOW),),
        (("app/services/report_service.py", "time.sleep"),),
    ),
    Mutation(
        "PERF-04",
        (Edit("app/services/report_service.py", None, BLIND),),
        (("app/services/report_service.py", "except Exception"),),
    ),
    Mutation(
        "API-04",
        (
            Edit(
                "app/api/errors.py",
                '    correlation_id = request.headers.get("X-Request-ID", "")\n'
                '    return JSONResponse({"status": 500, "correlation_id": '
                "correlation_id}, 500)\n",
                '    return JSONResponse({"status": 500}, 500)\n',
            ),
        ),
        ((MAIN, "add_exception_handler"),),
    ),
    Mutation(
        "API-05",
        (
            Edit(
                "app/api/v1/endpoints/health.py",
                '@router.get("/health")',
                '@router.head("/health")',
            ),
        ),
        ((MAIN, None),),
    ),
    Mutation(
        "SEC-01",
        (
            Edit(
                "app/api/v1/router.py", ", dependencies=[Depends(get_current_user)]", ""
            ),
        ),
        ((ITEMS, '@router.get("")'), (ITEMS, "@router.delete")),
    ),
    Mutation(
        "SEC-02",
        (Edit(MAIN, "    app.add_middleware(RateLimitMiddleware)\n", ""),),
        ((MAIN, None),),
    ),
    Mutation(
        "SEC-06",
        (Edit(MAIN, "allow_origins=settings.ALLOWED_ORIGINS", 'allow_origins=["*"]'),),
        ((MAIN, "CORSMiddleware, allow_origins"),),
    ),
    Mutation(
        "TST-05",
        (Edit(PYPROJECT, 'asyncio_mode = "auto"\n', ""),),
        ((PYPROJECT, None),),
    ),
    Mutation(
        "TST-04",
        (Edit(PYPROJECT, "--cov-fail-under=85", "--cov-fail-under=70"),),
        ((PYPROJECT, "--cov-fail-under"),),
    ),
    Mutation(
        "PERF-05",
        (Edit(MAIN, "    configure_logging()\n", ""),),
        ((MAIN, None),),
    ),
    Mutation(
        "DEP-11",
        (Edit("Dockerfile", "FROM python:3.11-slim", "FROM python:3.12-slim"),),
        (("Dockerfile", "FROM"),),
    ),
    Mutation(
        "DEP-12",
        (
            Edit(
                "cloudbuild.yaml",
                "  - name: 'gcr.io/cloud-builders/docker'\n"
                "    args: ['push', 'gcr.io/$PROJECT_ID/items:$COMMIT_SHA']\n",
                "",
            ),
        ),
        (("cloudbuild.yaml", None),),
    ),
    Mutation(
        "DEP-10",
        (Edit("cloudbuild-staging.yaml", None, None),),
        (("cloudbuild-staging.yaml", None),),
    ),
    Mutation(
        "DEP-14",
        (
            Edit(
                "cloudbuild.yaml",
                "      - '--set-secrets'\n      - 'MONGO_URI=MONGO_URI:latest'\n",
                "",
            ),
        ),
        (("cloudbuild.yaml", "deploy"),),
    ),
    Mutation(
        "DEP-19",
        (Edit("requirements.txt", "fastapi==0.162.5", "fastapi==0.162.6"),),
        (("requirements.txt", "fastapi"),),
    ),
    Mutation(
        "DOC-13",
        (Edit("README.md", "```mermaid", "```text"),),
        (("README.md", None),),
    ),
)
