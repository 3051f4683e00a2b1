"""cloudbuild-release.yaml, its site: on a release tag, test, build, push, deploy.

Cloud Run serves it behind IAP; the same pipeline then publishes the wheel
(``tests/starter/test_release.py``).
"""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

CLOUDBUILD = ROOT / "cloudbuild-release.yaml"
IMAGE = "$_REGION-docker.pkg.dev/$PROJECT_ID/$_REPOSITORY/$_SERVICE_NAME:$TAG_NAME"
BUILT_IN = {"PROJECT_ID", "TAG_NAME"}
SUBSTITUTION = re.compile(r"(?<!\$)\$\{?([A-Z_][A-Z0-9_]*)")


def _config() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(CLOUDBUILD.read_text("utf-8"))
    return loaded


def _steps() -> dict[str, dict[str, Any]]:
    return {step["id"]: step for step in _config()["steps"]}


def _flag(args: list[str], flag: str) -> str:
    return args[args.index(flag) + 1]


def _substitute(text: str, values: dict[str, str]) -> str:
    """What Cloud Build runs: ``$NAME`` replaced, ``$$`` a literal ``$``."""
    text = SUBSTITUTION.sub(lambda m: values.get(m[1], ""), text)
    return text.replace("$$", "$")


def test_steps_run_in_order_test_build_push_deploy_then_the_wheel() -> None:
    assert list(_steps()) == [
        *("release-tag", "version", "history", "test", "build", "push", "deploy"),
        *("token", "wheel"),
    ]


def test_the_build_has_the_history_and_the_versions_branch() -> None:
    script = _substitute(
        _steps()["history"]["args"][1], {"_SITE_BRANCH": "site-versions"}
    )

    assert "git fetch --quiet --unshallow origin" in script
    assert "$(git rev-parse --git-dir)/shallow" in script
    assert script.endswith(
        "git fetch --quiet --tags origin site-versions:site-versions"
    )
    assert "SITE_BRANCH ?= site-versions" in (ROOT / "Makefile").read_text()


def test_the_tests_are_what_ci_runs() -> None:
    step = _steps()["test"]

    assert step["name"] == "python:3.11"
    assert (step["entrypoint"], step["args"]) == ("bash", [".ci/run"])


@pytest.mark.parametrize(
    ("tag", "deploys"),
    [("1.0", True), ("12.3", True), ("", False), ("main", False), ("1.0-rc1", False)],
)
def test_only_a_release_tag_gets_past_the_first_step(tag: str, deploys: bool) -> None:
    step = _steps()["release-tag"]
    script = _substitute(step["args"][1], {"TAG_NAME": tag})

    result = subprocess.run(
        ["bash", *step["args"][:1], script], capture_output=True, check=False
    )

    assert (result.returncode == 0) is deploys


def test_the_site_image_is_built_pushed_and_listed_in_artifact_registry() -> None:
    steps = _steps()

    assert steps["build"]["args"] == [
        "build",
        *("-f", "deploy/site/Dockerfile"),
        *("-t", IMAGE),
        ".",
    ]
    assert steps["push"]["args"] == ["push", IMAGE]
    assert _config()["images"] == [IMAGE]
    assert "-docker.pkg.dev/" in IMAGE, "Artifact Registry, not Container Registry"


def test_cloud_run_serves_it_only_through_identity_aware_proxy() -> None:
    deploy = _steps()["deploy"]
    args = deploy["args"]

    assert (deploy["entrypoint"], args[:3]) == (
        "gcloud",
        ["run", "deploy", "$_SERVICE_NAME"],
    )
    assert _flag(args, "--image") == IMAGE
    assert _flag(args, "--region") == "$_REGION"
    assert "--iap" in args
    assert "--no-allow-unauthenticated" in args
    assert "--allow-unauthenticated" not in args
    assert _flag(args, "--service-account") == (
        "$_SERVICE_ACCOUNT@$PROJECT_ID.iam.gserviceaccount.com"
    )


def test_every_substitution_is_built_in_or_defined() -> None:
    text = "\n".join(
        line.partition("#")[0] for line in CLOUDBUILD.read_text("utf-8").splitlines()
    )
    used = set(SUBSTITUTION.findall(text))
    defined = set(_config()["substitutions"])

    assert all(name.startswith("_") for name in defined)
    assert used - BUILT_IN == defined
    assert _config()["substitutions"]["_REGION"] == "us-central1"
