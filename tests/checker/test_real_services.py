"""Services shaped as real teams write them.

Each test writes a small service of its own and checks what a reviewer
would say about it: where the service is, which Python it needs, and the
messages it gets. Cases that only say where one rule finds what are rule
fixtures (``tests/checker/rule_fixtures/``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from textwrap import dedent

import pytest

from acacia_sop.checker.command import main
from acacia_sop.checker.engine import run_checklist
from acacia_sop.checker.model import Finding, Status
from acacia_sop.checker.repo import NotAServiceError, ServiceRepo
from tests.checker.service_builder import write_service

PROJECT = '[project]\nname = "svc"\nrequires-python = ">=3.10"\n'
AUTH = """
    from typing import Annotated

    from fastapi import Depends
    from fastapi.security import OAuth2PasswordBearer

    scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/sessions")


    async def get_current_user(token: Annotated[str, Depends(scheme)]) -> str:
        return token


    CurrentUser = Annotated[str, Depends(get_current_user)]
    """


def _result(root: Path, rule_id: str) -> tuple[Status, list[Finding], str]:
    report = run_checklist(ServiceRepo.locate(root), only={rule_id})
    (result,) = report.results
    return result.status, list(result.findings), result.reason


def _messages(root: Path, rule_id: str) -> list[str]:
    return [f"{f.location}: {f.message}" for f in _result(root, rule_id)[1]]


# Find the service wherever it lives.

GREENS = {
    "pyproject.toml": PROJECT,
    "greens/__init__.py": "",
    "greens/auth.py": AUTH,
    "greens/plants.py": """
        from fastapi import APIRouter

        router = APIRouter()


        @router.get("/plants")
        async def list_plants() -> list[str]:
            return []


        @router.get("/plants/{plant_id}")
        async def get_plant(plant_id: str) -> str:
            return plant_id
        """,
    "greens/public.py": """
        from fastapi import APIRouter

        router = APIRouter()


        @router.get("/seeds")
        async def list_seeds() -> list[str]:
            return []
        """,
    "greens/server.py": """
        from fastapi import Depends, FastAPI

        from greens import plants, public
        from greens.auth import get_current_user

        app = FastAPI()
        app.include_router(
            plants.router, prefix="/api/v1", dependencies=[Depends(get_current_user)]
        )
        app.include_router(public.router, prefix="/api/v1")
        """,
}


def test_an_app_in_any_package_is_found_and_router_dependencies_guard_it(
    tmp_path: Path,
) -> None:
    root = write_service(tmp_path, GREENS)
    status, findings, _ = _result(root, "SEC-01")
    assert status is Status.FAILED
    assert [(f.file, f.message.split(" has")[0]) for f in findings] == [
        ("greens/public.py", "`GET /api/v1/seeds`")
    ]
    assert _result(root, "STY-06")[0] is Status.PASSED


def test_a_flat_main_module_is_a_service(tmp_path: Path) -> None:
    write_service(
        tmp_path,
        {
            "requirements.txt": "fastapi\n",
            "main.py": """
                from fastapi import FastAPI

                app = FastAPI()


                @app.get("/api/v1/health")
                async def health() -> dict[str, str]:
                    return {"status": "ok"}
                """,
        },
    )
    assert _result(tmp_path, "API-05")[0] is Status.PASSED


def test_a_monorepo_root_checks_the_subfolder_that_holds_the_service(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_service(
        tmp_path,
        {
            "README.md": "# Shop\n\n```bash\ncp .env.example .env\nmake test\n```\n",
            "frontend/package.json": "{}",
            **{f"backend/{name}": text for name, text in GREENS.items()},
        },
    )
    repo = ServiceRepo.locate(tmp_path)
    assert repo.root == tmp_path / "backend"
    assert repo.notes[0].startswith("the service is in backend/")
    assert _result(tmp_path, "DOC-01")[0] is Status.PASSED  # README up at the root
    assert main(["check", str(tmp_path), "--only", "DOC-01"]) == 0
    assert "note: the service is in backend/" in capsys.readouterr().out


def test_two_services_in_one_folder_are_a_usage_error(tmp_path: Path) -> None:
    write_service(
        tmp_path,
        {
            **{f"orders/{name}": text for name, text in GREENS.items()},
            **{f"billing/{name}": text for name, text in GREENS.items()},
        },
    )
    with pytest.raises(
        NotAServiceError, match=r"several services under .*: billing/, orders/"
    ):
        ServiceRepo.locate(tmp_path)


# Respect the service's Python.

NEWER = f"3.{sys.version_info[1] + 1}"
NEWER_SYNTAX_SERVICE = {
    "pyproject.toml": f'[project]\nname = "svc"\nrequires-python = ">={NEWER}"\n',
    "app/__init__.py": "",
    "app/deps.py": AUTH
    + """

    def parse(text: str) -> int:
        try:
            return int(text)
        except ValueError, TypeError:
            return 0
    """,
    "app/main.py": """
        from fastapi import APIRouter, FastAPI

        from app.deps import CurrentUser

        router = APIRouter(prefix="/api/v1")


        @router.get("/orders")
        async def list_orders(user: CurrentUser) -> list[str]:
            return []


        @router.get("/orders/{order_id}")
        async def get_order(order_id: str, user: CurrentUser) -> str:
            return order_id


        app = FastAPI()
        app.include_router(router)
        """,
}


def test_a_newer_python_is_noted_once_and_unparsable_files_do_not_cascade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_service(tmp_path, NEWER_SYNTAX_SERVICE)
    status, findings, reason = _result(root, "SEC-01")
    assert (status, findings) == (Status.NOT_CHECKED, [])
    assert reason.startswith("2 of 2 routes depend on files that do not parse here")
    assert _result(root, "STY-01")[1] == []  # the parse error is not a finding
    main(["check", str(root)])
    out = capsys.readouterr().out
    assert out.count(f"needs Python >= {NEWER}") == 1
    assert out.splitlines()[1].startswith("note: the service needs Python")


def test_on_its_own_python_an_unparsable_file_is_a_finding(tmp_path: Path) -> None:
    service = {**NEWER_SYNTAX_SERVICE, "pyproject.toml": PROJECT}
    root = write_service(tmp_path, service)
    [finding] = _result(root, "STY-01")[1]
    assert (finding.file, finding.message.split(" (")[0]) == (
        "app/deps.py",
        "does not parse",
    )


# Know the ecosystem's shapes.

MONGO = {
    "pyproject.toml": PROJECT,
    "app/__init__.py": "",
    "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "app/core/__init__.py": "",
    "app/core/database.py": """
        from motor.motor_asyncio import AsyncIOMotorClient

        client = AsyncIOMotorClient("mongodb://localhost:27017")
        db = client["shop-db"]
        """,
    "app/models.py": """
        from typing import ClassVar

        from beanie import Document
        from pydantic import BaseModel


        class Order(Document):
            class Settings:
                name = "Order"


        class User(BaseModel):
            __collection__: ClassVar[str] = "user"


        class Invoice(BaseModel):
            model_config = {"collection": "invoices"}
        """,
    "app/services.py": """
        from app.core.database import db


        async def stats() -> None:
            await db.orderItems.find_one({})
            await db["system.profile"].find_one({})
            await db.command("ping")
        """,
    "alembic/versions/0001_indexes.py": """
        from app.core.database import db


        async def upgrade() -> None:
            # Orders are listed by customer.
            await db["orders"].create_index("customer")
        """,
    "db/migrations/m0002.py": """
        from app.core.database import db


        async def upgrade() -> None:
            # Invoices are looked up by number.
            await db["invoices"].create_index("number")
        """,
    "tests/test_db.py": 'URI = "mongodb://tester:secret-pass@localhost:27017"\n',
    ".env.production": "MONGO_URI=mongodb://app:pr0d-pass@db.internal:27017\n",
    ".gitignore": ".env\n",
}


# Shapes met on public services outside the corpus (held-out evaluation).


def _with(service: dict[str, str], file: str, text: str) -> dict[str, str]:
    """``service`` with ``text`` (dedented) appended to ``file``."""
    before = dedent(service.get(file, ""))
    return {**service, file: before + "\n\n" + dedent(text).lstrip("\n")}


def test_poetry_python_versions_are_read(tmp_path: Path) -> None:
    poetry = f'[tool.poetry.dependencies]\npython = "^{NEWER}"\n'
    root = write_service(tmp_path, {**GREENS, "pyproject.toml": poetry})
    assert ServiceRepo(root).needs_newer_python


def test_actions_are_verbs_and_refresh_is_an_auth_flow(tmp_path: Path) -> None:
    routes = _with(
        GREENS,
        "greens/public.py",
        """
        @router.post("/sessions/clear-tokens")
        async def clear_tokens() -> None:
            return None


        @router.post("/sessions/renewal")
        async def refresh(token: str) -> dict[str, str]:
            return {"jwt": token}
        """,
    )
    root = write_service(tmp_path, routes)
    assert [m.split(":")[1] for m in _messages(root, "SEC-01")] == ["6", "11"]
    assert [m.split(" `")[1].split("`")[0] for m in _messages(root, "API-08")] == [
        "POST /api/v1/sessions/clear-tokens"
    ]
    assert _result(root, "API-06")[0] is Status.NOT_CHECKED


def test_an_unknown_prefix_leaves_a_lone_segment_unjudged(tmp_path: Path) -> None:
    server = dedent(GREENS["greens/server.py"]).replace(
        'app.include_router(public.router, prefix="/api/v1")',
        "app.include_router(public.router, prefix=PREFIX)",
    )
    server = server.replace(
        "app = FastAPI()", "PREFIX = os.environ['P']\napp = FastAPI()"
    )
    root = write_service(
        tmp_path, {**GREENS, "greens/server.py": "import os\n" + server}
    )
    assert _result(root, "API-07") == (Status.PASSED, [], "")
    assert _result(root, "STY-06")[0] is Status.NOT_CHECKED


def test_env_example_is_compared_with_every_setting_wherever_it_is_read(
    tmp_path: Path,
) -> None:
    config = """
        import os

        from pydantic import Field
        from pydantic_settings import BaseSettings, SettingsConfigDict


        class Settings(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="GREENS_")

            mongo_url: str = "mongodb://localhost"
            params: dict[str, str] = Field(default={}, alias="MONGODB_PARAMS")


        DEBUG = os.getenv("DEBUG", "0")
        """
    example = "# Where MongoDB is.\nGREENS_MONGO_URL=mongodb://localhost\n"
    service = {**GREENS, "greens/config.py": config}
    root = write_service(tmp_path / "backend", service)
    write_service(tmp_path, {".git/HEAD": "", ".env.example": example})
    assert _messages(root, "STR-02") == [
        "greens/config.py:11: setting MONGODB_PARAMS is not in ../.env.example: "
        "add `MONGODB_PARAMS=` with a placeholder and a comment",
        "greens/config.py:14: setting DEBUG is not in ../.env.example: add "
        "`DEBUG=` with a placeholder and a comment",
    ]
    (root / "greens" / "config.py").unlink()
    assert _result(root, "STR-02") == (
        Status.NOT_CHECKED,
        [],
        "the service reads no environment variable",
    )


def test_an_app_run_from_its_own_folder_imports_its_siblings(tmp_path: Path) -> None:
    files = {
        "requirements.txt": "fastapi\n",
        "svc/api/__init__.py": "",
        "svc/api/items.py": """
            from fastapi import APIRouter

            router = APIRouter(prefix="/items")


            @router.get("/{item_id}")
            async def read_item(item_id: str) -> str:
                return item_id
            """,
        "svc/main.py": """
            from fastapi import FastAPI

            from api import items

            app = FastAPI()
            app.include_router(items.router, prefix="/api/v1")
            """,
    }
    root = write_service(tmp_path, files)
    assert [m.split(" has")[0] for m in _messages(root, "SEC-01")] == [
        "svc/api/items.py:6: `GET /api/v1/items/{item_id}`"
    ]


def test_only_posts_sign_in_by_name_and_sync_clients_block_async_routes(
    tmp_path: Path,
) -> None:
    routes = _with(
        GREENS,
        "greens/public.py",
        """
        from pymongo import MongoClient

        client = MongoClient("mongodb://db/?timeoutMS=5000")


        @router.get("/whoami")
        async def forgot_who(email: str, password: str) -> str:
            return str(client["greens"]["users"].find_one({"email": email}))
        """,
    )
    root = write_service(tmp_path, routes)
    assert [m.split(": `")[1].split("`")[0] for m in _messages(root, "SEC-01")] == [
        "GET /api/v1/seeds",
        "GET /api/v1/whoami",
    ]
    assert _result(root, "API-07") == (Status.PASSED, [], "")
    assert _messages(root, "PERF-02") == [
        "greens/public.py:18: find_one() on the synchronous MongoClient blocks the "
        "event loop: use Motor or PyMongo's AsyncMongoClient"
    ]


def test_judged_nothing_is_not_checked_and_options_dicts_are_read(
    tmp_path: Path,
) -> None:
    database = """
        from motor.motor_asyncio import AsyncIOMotorClient


        def connect(uri: str) -> AsyncIOMotorClient:
            options = {"username": "app", "maxPoolSize": 10}
            return AsyncIOMotorClient(uri, **options)


        def database(client: AsyncIOMotorClient) -> object:
            return client.get_database(name="Shop")
        """
    models = """
        from beanie import Document


        class Release(Document):
            class Settings:
                name = "releases"
                indexes = []
        """
    files = {**MONGO, "app/core/database.py": database, "app/models.py": models}
    files["app/api.py"] = dedent(GREENS["greens/public.py"]).replace(
        "/seeds", "/api/v1/service/contact"
    )
    files["app/main.py"] = (
        "from fastapi import FastAPI\n\nfrom app.api import router\n\n"
        "app = FastAPI()\napp.include_router(router)\n"
    )
    files["Containerfile"] = "FROM python:3.9\n"
    root = write_service(tmp_path, files)
    assert _result(root, "API-07")[0] is Status.NOT_CHECKED
    assert [f.location for f in _result(root, "PERF-04")[1]] == [
        "app/core/database.py:6"
    ]
    assert "app/core/database.py:10: database name 'Shop'" in "\n".join(
        _messages(root, "STY-05")
    )
    assert "app/models.py" not in "\n".join(_messages(root, "DB-10"))
    assert _messages(root, "DEP-11")[0].startswith("Containerfile:1: base image")


def test_what_ruff_excepts_from_long_lines_and_what_is_not_a_collection(
    tmp_path: Path,
) -> None:
    described = 'DOCS = "See https://example.org for the documentation of this ' + (
        'service, which runs long, longer than a line may."\n'
    )
    url_last = "# Read more: https://example.org/" + "a" * 80 + "\n"
    silenced = "X = 1  # noqa: E501" + " " * 80 + "\n"
    public = _with(
        GREENS,
        "greens/public.py",
        """
        from pymongo import MongoClient

        client = MongoClient("mongodb://db/?timeoutMS=5000")


        @router.get("/hosts/{url}")
        async def host(url: str) -> str:
            return url[: url.find(":")]
        """,
    )
    files = {**public, "greens/notes.py": described + url_last + silenced}
    root = write_service(tmp_path, files)
    assert [f.location for f in _result(root, "STY-02")[1]] == ["greens/notes.py:1"]
    assert _result(root, "PERF-02") == (Status.PASSED, [], "")


def test_shapes_of_a_third_round_of_services(tmp_path: Path) -> None:
    models = """
        from pymongo import MongoClient

        _db = MongoClient("mongodb://db/?timeoutMS=5000")["shop"]


        class TokenVersion:
            __collection_name__ = "token_versions"


        async def count_posts() -> int:
            posts = _db["posts"]
            return posts.count_documents({})
        """
    routes = _with(
        GREENS,
        "greens/plants.py",
        """
        @router.post("/plants/{plant_id}/change-name")
        async def rename(plant_id: str) -> None:
            return None
        """,
    )
    never_mounted = """
        from fastapi import APIRouter

        router = APIRouter()


        @router.get("/drafts/{draft_id}")
        async def draft() -> str:
            return ""
        """
    files = {
        **routes,
        "greens/models.py": models,
        "greens/drafts.py": never_mounted,
        "requirements.txt": "fastapi\nanyio\n",
        "pyproject.toml": PROJECT + "\n[tool.pytest.ini_options]\naddopts = []\n",
        "deploy/.env.example": "API_TOKEN=test_token\nSECRET_KEY=9f8e7d6c5b4a\n",
    }
    root = write_service(tmp_path, files)
    assert "greens/models.py:7: collection name 'token_versions' is not " in "\n".join(
        _messages(root, "STY-05")
    )
    assert _messages(root, "PERF-02") == [
        "greens/models.py:12: count_documents() on the synchronous MongoClient "
        "blocks the event loop: use Motor or PyMongo's AsyncMongoClient"
    ]
    assert "change-name" in "\n".join(_messages(root, "API-08"))
    assert "greens/drafts.py" not in "\n".join(_messages(root, "API-03"))
    assert _result(root, "TST-05")[0] is Status.FAILED
    assert [f.location for f in _result(root, "SEC-08")[1]] == ["deploy/.env.example:2"]


def test_pages_readmes_and_a_setup_module_inside_a_package(tmp_path: Path) -> None:
    server = _with(
        GREENS,
        "greens/server.py",
        """
        from fastapi.responses import HTMLResponse


        @app.get("/docs", include_in_schema=False)
        async def docs() -> str:
            return ""


        @app.get("/", response_class=HTMLResponse)
        async def home() -> str:
            return ""
        """,
    )
    readme = "# Greens\n\n~~~\ncp .env.example .env\npytest\n~~~\n"
    files = {**server, "greens/setup.py": "", "readme.md": readme}
    root = write_service(tmp_path, files)
    assert ServiceRepo.locate(root).root == root  # greens/setup.py is a module
    assert _result(root, "STY-06") == (Status.PASSED, [], "")
    assert _result(root, "DOC-01") == (Status.PASSED, [], "")
