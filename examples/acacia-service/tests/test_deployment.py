"""Deployment files: the SOP template, hadolint, Cloud Build, and `make smoke`."""

from __future__ import annotations

import ast
import json
import os
import shlex
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from pymongo import MongoClient
from pymongo.database import Database

from app.core.config import SERVICE_ROOT
from tests.cloud_run_stand_in import private_service
from tests.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    TEST_HASH_COST,
    TEST_SECRET_KEY,
)

HADOLINT = Path(sys.executable).parent / "hadolint"
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
DEPLOY_STEP = "gcr.io/google.com/cloudsdktool/cloud-sdk"
SMOKE_TESTS = SERVICE_ROOT / "smoke" / "test_deployed.py"
SERVICE_NAME = "acacia-analytics-api"
SERVICE_ACCOUNT = "acacia-api"
TEST_DATABASE = "acacia-analytics-test"


def _smoke_test_count() -> int:
    """How many tests ``make smoke`` must run: every test in the smoke module."""
    tree = ast.parse(SMOKE_TESTS.read_text())
    return sum(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
        for node in tree.body
    )


# --8<-- [start:hadolint_test]
def test_dockerfile_passes_hadolint() -> None:
    result = subprocess.run(
        [str(HADOLINT), "--no-color", "Dockerfile"],
        cwd=SERVICE_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


# --8<-- [end:hadolint_test]


def test_hadolint_fails_on_the_unfixed_sop_template(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "FROM python:3.11-slim\n"
        "RUN apt-get update && apt-get install -y curl\n"
        'CMD exec uvicorn app.main:app --port "$PORT"\n'
    )

    result = subprocess.run(
        [str(HADOLINT), "--no-color", str(dockerfile)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert {"DL3008", "DL3015", "DL3025"} <= set(result.stdout.split())


def _instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined."""
    logical: list[str] = []
    current = ""
    for line in dockerfile.read_text("utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        current += stripped.removesuffix("\\").strip() + " "
        if not stripped.endswith("\\"):
            logical.append(current.strip())
            current = ""
    return [(text.split(" ", 1)[0].upper(), text.split(" ", 1)[1]) for text in logical]


def _cloudbuild(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((SERVICE_ROOT / name).read_text())
    return loaded


def _flag(args: list[str], flag: str) -> str:
    return args[args.index(flag) + 1]


def _step_index(steps: list[dict[str, Any]], *words: str) -> int:
    """Index of the first step whose args contain ``words`` in order."""
    for index, step in enumerate(steps):
        text = " ".join(step.get("args", []))
        if " ".join(words) in text:
            return index
    raise AssertionError(f"no step runs {' '.join(words)!r}")


def _deploy_args(config: dict[str, Any]) -> list[str]:
    steps = config["steps"]
    args: list[str] = steps[_step_index(steps, "run", "deploy")]["args"]
    return args


def _dockerfile_command() -> str:
    """The shell command of the Dockerfile's exec-form ``CMD ["sh", "-c", ...]``."""
    kind, args = _instructions(SERVICE_ROOT / "Dockerfile")[-1]
    shell, dash_c, script = json.loads(args)
    assert (kind, shell, dash_c) == ("CMD", "sh", "-c")
    return str(script)


def test_dockerfile_follows_the_sop_template() -> None:
    all_steps = _instructions(SERVICE_ROOT / "Dockerfile")
    stages = [i for i, (kind, _) in enumerate(all_steps) if kind == "FROM"]
    assert [all_steps[i] for i in stages] == [
        ("FROM", "python:3.11-slim AS build"),
        ("FROM", "python:3.11-slim"),
    ], "a build stage, then the SOP's base image runs the service"
    build, steps = all_steps[: stages[1]], all_steps[stages[1] :]
    install = next(i for i, (_, args) in enumerate(build) if "uv pip sync" in args)
    commands = build[install][1].split(" && ")
    assert build[install][0] == "RUN"
    assert build.index(("COPY", "requirements-uv.lock requirements.lock ./")) < install
    assert commands == [
        "python -m venv /opt/uv",
        "/opt/uv/bin/pip install --no-cache-dir --require-hashes --no-deps"
        " -r requirements-uv.lock",
        "python -m venv --without-pip /opt/venv",
        "/opt/uv/bin/uv pip sync --no-cache --require-hashes"
        " --python /opt/venv/bin/python requirements.lock",
    ], "uv from its hashed lock, then the hashed runtime lock, as make install does"
    assert "build-essential" not in " ".join(args for _, args in steps)
    copies = [args for kind, args in steps if kind == "COPY"]
    assert copies == ["--from=build /opt/venv /opt/venv", ". ."], (
        "dependencies are copied before the code (layer caching)"
    )
    env = {args for kind, args in steps if kind == "ENV"}
    assert {"PATH=/opt/venv/bin:$PATH", "PORT=8080", "PYTHONUNBUFFERED=1"} <= env
    kinds = [kind for kind, _ in steps]
    healthcheck = dict(steps)["HEALTHCHECK"]
    assert "/api/v1/health" in healthcheck
    assert ("EXPOSE", "8080") in steps
    assert kinds[-1] == "CMD"
    users = [args for kind, args in steps if kind == "USER"]
    assert users == ["10001"], "the service never runs as root"
    last_run = max(i for i, (kind, _) in enumerate(steps) if kind == "RUN")
    assert last_run < steps.index(("USER", "10001")) < len(steps) - 1
    command = shlex.split(_dockerfile_command())
    assert command[:3] == ["exec", "uvicorn", "app.main:app"]
    assert _flag(command, "--port") == "${PORT}"
    assert _flag(command, "--workers") == "2"
    assert "--no-proxy-headers" in command, "X-Forwarded-For is the app's decision"


@pytest.mark.parametrize(
    ("name", "service", "secrets"),
    [
        (
            "cloudbuild.yaml",
            "$_SERVICE_NAME",
            "MONGO_URI=MONGO_URI:latest,SECRET_KEY=SECRET_KEY:latest",
        ),
        (
            "cloudbuild-staging.yaml",
            "$_SERVICE_NAME-staging",
            "MONGO_URI=MONGO_URI_STAGING:latest,SECRET_KEY=SECRET_KEY_STAGING:latest",
        ),
    ],
)
def test_cloud_build_uses_a_valid_substitution_region_and_secrets(
    name: str, service: str, secrets: str
) -> None:
    config = _cloudbuild(name)
    text = (SERVICE_ROOT / name).read_text()
    image = f"gcr.io/$PROJECT_ID/{service}:$COMMIT_SHA"
    steps = config["steps"]

    assert "$SERVICE_NAME" not in text, "user substitutions must start with _"
    assert config["substitutions"]["_SERVICE_NAME"] == SERVICE_NAME
    build = _step_index(steps, "build", "-t", image)
    assert [step.get("id") for step in steps[:2]] == ["sop-check", "sop-gate"], (
        "the SOP checklist runs first and stops the build when an item fails"
    )
    assert steps[build]["args"] == ["build", "-t", image, "."]
    assert steps[build + 1]["args"] == ["push", image]
    deploy_step = steps[_step_index(steps, "run", "deploy")]
    assert (deploy_step["name"], deploy_step["entrypoint"]) == (DEPLOY_STEP, "gcloud")
    deploy = deploy_step["args"]
    assert deploy[:3] == ["run", "deploy", service]
    assert _flag(deploy, "--image") == image
    assert _flag(deploy, "--region") == "us-central1"
    assert _flag(deploy, "--set-secrets") == secrets
    assert _flag(deploy, "--service-account") == (
        "$_SERVICE_ACCOUNT@$PROJECT_ID.iam.gserviceaccount.com"
    )
    assert config["substitutions"]["_SERVICE_ACCOUNT"].startswith(SERVICE_ACCOUNT)
    assert config["options"] == {"logging": "CLOUD_LOGGING_ONLY"}


@pytest.mark.parametrize(
    ("name", "service", "environment", "mongo_secret"),
    [
        ("cloudbuild.yaml", "$_SERVICE_NAME", "production", "MONGO_URI"),
        (
            "cloudbuild-staging.yaml",
            "$_SERVICE_NAME-staging",
            "staging",
            "MONGO_URI_STAGING",
        ),
    ],
)
def test_cloud_build_applies_the_migrations_before_deploying(
    name: str, service: str, environment: str, mongo_secret: str
) -> None:
    config = _cloudbuild(name)
    steps = config["steps"]
    migrate = _step_index(steps, "python -m migrations apply")
    step = steps[migrate]
    secrets = {
        entry["env"]: entry["versionName"]
        for entry in config["availableSecrets"]["secretManager"]
    }

    assert _step_index(steps, "push") < migrate < _step_index(steps, "run", "deploy")
    assert step["name"] == f"gcr.io/$PROJECT_ID/{service}:$COMMIT_SHA"
    assert step["env"] == [f"ENVIRONMENT={environment}"]
    assert step["secretEnv"] == ["MONGO_URI"]
    assert secrets["MONGO_URI"] == (
        f"projects/$PROJECT_ID/secrets/{mongo_secret}/versions/latest"
    )


@pytest.mark.parametrize("name", ["cloudbuild.yaml", "cloudbuild-staging.yaml"])
def test_cloud_build_deploys_only_what_passed_lint_types_and_tests(name: str) -> None:
    steps = _cloudbuild(name)["steps"]
    ids = [step.get("id") for step in steps]
    order = [
        ids.index("sop-check"),
        ids.index("sop-gate"),
        _step_index(steps, "make lint typecheck test"),
        _step_index(steps, "build", "-t"),
        _step_index(steps, "push"),
        _step_index(steps, "python -m migrations apply"),
        _step_index(steps, "run", "deploy"),
    ]
    tests = steps[order[2]]
    token = steps[ids.index("token")]
    make = subprocess.run(
        ["make", "--dry-run", "lint", "typecheck", "test", f"PYTHON={sys.executable}"],
        cwd=SERVICE_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert order == sorted(order), dict(zip(order, ids, strict=False))
    assert order[:2] == [0, 1], "the checklist steps stay first"
    assert ids.index("token") < order[2]
    assert "gcloud auth print-access-token > /registry/token" in token["args"][1]
    assert tests["volumes"] == token["volumes"]
    assert tests["args"][1].rstrip().endswith("\nmake lint typecheck test")
    assert "MONGO_URI" not in tests["args"][1], "the test session starts SecantusDB"
    assert 'export UV_DEFAULT_INDEX="$$PIP_INDEX_URL"' in tests["args"][1]
    assert "acacia-python/simple/" in tests["args"][1]
    assert make.returncode == 0, make.stderr
    assert "-m pytest" in make.stdout


def test_staging_is_private_and_its_smoke_step_carries_an_identity_token() -> None:
    config = _cloudbuild("cloudbuild-staging.yaml")
    steps = {step.get("id"): step for step in config["steps"]}
    identity = steps["staging-identity"]["args"][1]
    smoke = steps["smoke"]["args"][1]

    assert "--no-allow-unauthenticated" in _deploy_args(config)
    assert "--allow-unauthenticated" not in _deploy_args(config)
    assert "gcloud auth print-identity-token" in identity
    assert '--audiences="$$(cat /workspace/staging-url)"' in identity
    assert identity.rstrip().endswith("> /smoke/id-token")
    assert steps["smoke"]["volumes"] == steps["staging-identity"]["volumes"]
    assert 'SMOKE_ID_TOKEN="$$(cat /smoke/id-token)"' in smoke
    assert smoke.index("SMOKE_ID_TOKEN=") < smoke.index("-m pytest smoke")


def test_staging_build_runs_the_smoke_tests_with_staging_secrets() -> None:
    config = _cloudbuild("cloudbuild-staging.yaml")
    steps = config["steps"]
    env = _flag(_deploy_args(config), "--set-env-vars").split(",")
    smoke = steps[-1]

    assert "ENVIRONMENT=staging" in env
    assert "value(status.url)" in steps[-2]["args"][1]
    assert "/opt/smoke/bin/python -m pytest smoke" in smoke["args"][1]
    assert (
        "/opt/uv/bin/pip install --quiet --no-cache-dir --require-hashes --no-deps"
        " -r requirements-uv.lock"
    ) in smoke["args"][1]
    assert (
        "/opt/uv/bin/uv pip sync --quiet --no-cache --require-hashes"
        " --python /opt/smoke/bin/python requirements-smoke.lock"
    ) in smoke["args"][1]
    assert smoke["secretEnv"] == ["SMOKE_EMAIL", "SMOKE_PASSWORD"]
    names = [s["versionName"] for s in config["availableSecrets"]["secretManager"]]
    assert names[-2:] == [
        "projects/$PROJECT_ID/secrets/SMOKE_EMAIL_STAGING/versions/latest",
        "projects/$PROJECT_ID/secrets/SMOKE_PASSWORD_STAGING/versions/latest",
    ]


def test_production_build_runs_in_production_and_lists_its_image() -> None:
    config = _cloudbuild("cloudbuild.yaml")

    assert "ENVIRONMENT=production" in _flag(_deploy_args(config), "--set-env-vars")
    assert config["images"] == ["gcr.io/$PROJECT_ID/$_SERVICE_NAME:$COMMIT_SHA"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def live_database(mongo_uri: str) -> Iterator[Database[dict[str, Any]]]:
    """The (sync) handle of the database the live server uses; dropped after."""
    suffix = uuid.uuid4().hex[:12]
    client: MongoClient[dict[str, Any]] = MongoClient(mongo_uri)
    try:
        database = client[f"{TEST_DATABASE}-{suffix}"]
        yield database
        client.drop_database(database.name)
    finally:
        client.close()


@pytest.fixture
def live_server(
    mongo_uri: str, live_database: Database[dict[str, Any]]
) -> Iterator[str]:
    """The real service under uvicorn (2 workers) in a subprocess.

    Deployed the way Cloud Build does it: ``python -m migrations apply``
    first, then the server, started by the Dockerfile's ``CMD``.
    """
    port = _free_port()
    environment = {
        **os.environ,
        "ENVIRONMENT": "test",
        "MONGO_URI": mongo_uri,
        "DATABASE_NAME_SUFFIX": live_database.name.rsplit("-", 1)[-1],
        "SECRET_KEY": TEST_SECRET_KEY,
        "FIRST_ADMIN_EMAIL": ADMIN_EMAIL,
        "FIRST_ADMIN_PASSWORD": ADMIN_PASSWORD,
        **TEST_HASH_COST,
    }
    subprocess.run(
        [sys.executable, "-m", "migrations", "apply"],
        cwd=SERVICE_ROOT,
        env=environment,
        capture_output=True,
        timeout=120,
        check=True,
    )
    # The Dockerfile's own command, on 127.0.0.1 with this venv's uvicorn.
    command = _dockerfile_command().replace("--host 0.0.0.0", "--host 127.0.0.1")
    server = subprocess.Popen(
        ["sh", "-c", command],
        cwd=SERVICE_ROOT,
        env={
            **environment,
            "PORT": str(port),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("the service did not become healthy within 60 s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.e2e
def test_two_workers_on_a_fresh_deployment_create_one_first_admin(
    live_server: str, live_database: Database[dict[str, Any]]
) -> None:
    users = live_database["users"]

    assert users.count_documents({"email": ADMIN_EMAIL}) == 1
    assert "users_email_unique" in users.index_information()


# --8<-- [start:make_smoke_test]
@pytest.mark.slow
@pytest.mark.e2e
def test_make_smoke_passes_against_the_running_service(live_server: str) -> None:
    result = subprocess.run(
        ["make", "smoke", f"BASE_URL={live_server}", f"PYTHON={sys.executable}"],
        cwd=SERVICE_ROOT,
        env={
            **os.environ,
            "SMOKE_EMAIL": ADMIN_EMAIL,
            "SMOKE_PASSWORD": ADMIN_PASSWORD,
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{_smoke_test_count()} passed" in result.stdout


# --8<-- [end:make_smoke_test]


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize(("id_token", "passed"), [("id-token-1", 4), ("", 0)])
def test_make_smoke_passes_cloud_runs_check_of_a_private_service(
    live_server: str, id_token: str, passed: int
) -> None:
    with private_service(live_server, token="id-token-1") as url:
        result = subprocess.run(
            ["make", "smoke", f"BASE_URL={url}", f"PYTHON={sys.executable}"],
            cwd=SERVICE_ROOT,
            env={
                **os.environ,
                "SMOKE_EMAIL": ADMIN_EMAIL,
                "SMOKE_PASSWORD": ADMIN_PASSWORD,
                "SMOKE_ID_TOKEN": id_token,
            },
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    assert (result.returncode == 0) == bool(passed), result.stdout + result.stderr
    assert (f"{passed} passed" in result.stdout) == bool(passed), result.stdout


@pytest.mark.slow
def test_make_smoke_fails_when_the_credentials_are_wrong(live_server: str) -> None:
    result = subprocess.run(
        ["make", "smoke", f"BASE_URL={live_server}", f"PYTHON={sys.executable}"],
        cwd=SERVICE_ROOT,
        env={**os.environ, "SMOKE_EMAIL": ADMIN_EMAIL, "SMOKE_PASSWORD": "wrong-pw-1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode != 0
    assert "3 passed, 1 error" in result.stdout
    assert "wrong-pw-1" not in result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.e2e
def test_a_forged_forwarded_for_does_not_escape_the_login_limit(
    live_server: str,
) -> None:
    statuses = [
        httpx.post(
            f"{live_server}/api/v1/auth/token",
            data={"username": f"guess{n}@acacia.io", "password": "wrong-pass"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
            timeout=30,
        ).status_code
        for n in range(11)
    ]

    assert statuses == [401] * 10 + [429]  # 10/minute per address, forged or not


# --8<-- [start:schemathesis_test]
@pytest.mark.slow
@pytest.mark.e2e
def test_schemathesis_finds_no_failure_on_any_operation(
    live_server: str, tmp_path: Path
) -> None:
    login = {"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    token = httpx.post(f"{live_server}/api/v1/auth/token", data=login).json()
    result = subprocess.run(
        [
            *(str(SCHEMATHESIS), "run", f"{live_server}/openapi.json"),
            *("--checks", "all", "--mode", "all", "--max-examples", "5"),
            *("--seed", "20261201", "--workers", "1", "--no-color"),
            *("--header", f"Authorization: Bearer {token['access_token']}"),
        ],
        cwd=tmp_path,  # schemathesis' example database stays out of the repo
        env={
            **os.environ,
            "PYTHONPATH": str(SERVICE_ROOT),
            "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks",
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    paths = httpx.get(f"{live_server}/openapi.json").json()["paths"]
    operations = sum(len(methods) for methods in paths.values())
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert f"Tested: {operations}" in result.stdout  # every operation
    assert "Authentication failed" not in result.stdout  # the token was used


# --8<-- [end:schemathesis_test]


@pytest.mark.slow
@pytest.mark.e2e
def test_oversized_headers_get_problem_details_with_a_correlation_id(
    live_server: str,
) -> None:
    response = httpx.get(
        f"{live_server}/api/v1/health", headers={"X-Padding": "p" * 70_000}
    )

    assert response.status_code == 431
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["correlation_id"] == response.headers["x-request-id"]


def test_pre_commit_runs_the_checklist_then_the_make_targets_of_ci() -> None:
    config = yaml.safe_load(
        (SERVICE_ROOT / ".pre-commit-config.yaml").read_text("utf-8")
    )
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert [hook["entry"] for hook in hooks] == [
        "acacia-sop check .",
        "make lint",
        "make typecheck",
    ]
    assert hooks[0]["always_run"] is True
