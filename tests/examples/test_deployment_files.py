"""The reference service's Dockerfile and Cloud Build files match the SOP template."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

SERVICE = ROOT / "examples" / "acacia-service"
DEPLOY_STEP = "gcr.io/google.com/cloudsdktool/cloud-sdk"


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
    loaded = yaml.safe_load((SERVICE / name).read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _flag(args: list[str], flag: str) -> str:
    return args[args.index(flag) + 1]


def test_dockerfile_follows_the_sop_template() -> None:
    steps = _instructions(SERVICE / "Dockerfile")
    kinds = [kind for kind, _ in steps]
    assert steps[0] == ("FROM", "python:3.11-slim")
    copies = [args for kind, args in steps if kind == "COPY"]
    assert copies == ["requirements.txt .", ". ."], "requirements are copied first"
    pip_install = next(
        i for i, (kind, args) in enumerate(steps) if "pip install" in args
    )
    assert kinds[pip_install] == "RUN"
    assert (
        steps.index(("COPY", "requirements.txt ."))
        < pip_install
        < steps.index(("COPY", ". ."))
    ), "dependencies install before the code is copied (layer caching)"
    env = {args for kind, args in steps if kind == "ENV"}
    assert {"PORT=8080", "PYTHONUNBUFFERED=1"} <= env
    healthcheck = dict(steps)["HEALTHCHECK"]
    assert "/api/v1/health" in healthcheck
    assert ("EXPOSE", "8080") in steps
    assert steps[-1][0] == "CMD"
    # Exec form (hadolint DL3025) running the SOP's shell command through sh.
    shell, dash_c, script = json.loads(steps[-1][1])
    assert (shell, dash_c) == ("sh", "-c")
    command = shlex.split(script)
    assert command[:3] == ["exec", "uvicorn", "app.main:app"]
    assert _flag(command, "--port") == "${PORT}"
    assert _flag(command, "--workers") == "2"


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
def test_cloud_build_builds_pushes_and_deploys_with_secrets(
    name: str, service: str, secrets: str
) -> None:
    steps = _cloudbuild(name)["steps"]
    image = f"gcr.io/$PROJECT_ID/{service}:$COMMIT_SHA"
    assert steps[0]["args"] == ["build", "-t", image, "."]
    assert steps[1]["args"] == ["push", image]
    deploy = steps[2]
    assert (deploy["name"], deploy["entrypoint"]) == (DEPLOY_STEP, "gcloud")
    assert deploy["args"][:3] == ["run", "deploy", service]
    assert _flag(deploy["args"], "--image") == image
    assert _flag(deploy["args"], "--region") == "us-central1"
    assert _flag(deploy["args"], "--set-secrets") == secrets


def test_production_build_lists_its_image_and_logs_to_cloud_logging() -> None:
    config = _cloudbuild("cloudbuild.yaml")
    assert config["images"] == ["gcr.io/$PROJECT_ID/$_SERVICE_NAME:$COMMIT_SHA"]
    assert config["options"] == {"logging": "CLOUD_LOGGING_ONLY"}


def test_staging_build_sets_its_environment_and_runs_the_smoke_tests() -> None:
    config = _cloudbuild("cloudbuild-staging.yaml")
    steps = config["steps"]
    env_vars = _flag(steps[2]["args"], "--set-env-vars").split(",")
    assert "ENVIRONMENT=staging" in env_vars
    assert config["substitutions"]["_SERVICE_NAME"]
    smoke = steps[-1]
    assert smoke["name"] == "python:3.11-slim"
    assert "python -m pytest smoke" in smoke["args"][-1]
    assert (SERVICE / "smoke" / "test_deployed.py").is_file()
