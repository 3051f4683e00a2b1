"""The deploy guide's GCP commands, run in a generated service: its own names only.

``commands/gcp/`` needs a GCP project, so here a recording stand-in for
``gcloud`` (first on ``PATH``) writes each call's arguments to a log; the
commands must name the generated service (``payments-api``,
``payments-api-staging``), never the reference one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.starter.conftest import NAME

COMMANDS = ROOT / "commands" / "gcp"
REFERENCE_NAMES = ("acacia-analytics", "acacia-api")
FAKE_GCLOUD = f"""#!{sys.executable}
import json, os, sys
with open(os.environ["GCLOUD_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
"""
ENV = {
    "PROJECT": "acacia-test",
    "PROJECT_NUMBER": "123456789",
    "REPO_OWNER": "acacia-org",
    "REPO_NAME": NAME,
}


def _run(script: str, service: Path, tmp_path: Path) -> list[list[str]]:
    """Run ``commands/gcp/SCRIPT`` in ``service``; return the gcloud calls."""
    bin_dir, log = tmp_path / "bin", tmp_path / f"{script}.log"
    bin_dir.mkdir(exist_ok=True)
    gcloud = bin_dir / "gcloud"
    gcloud.write_text(FAKE_GCLOUD, encoding="utf-8")
    gcloud.chmod(0o755)
    result = subprocess.run(
        ["bash", str(COMMANDS / script)],
        cwd=service,
        env={
            **os.environ,
            **ENV,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "GCLOUD_LOG": str(log),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in log.read_text("utf-8").splitlines()]


def _flags(call: list[str], flag: str) -> list[str]:
    return [call[i + 1] for i, arg in enumerate(call[:-1]) if arg == flag]


def test_the_triggers_are_the_services_own(generated: Path, tmp_path: Path) -> None:
    calls = _run("build_triggers.sh", generated, tmp_path)

    assert [call[:4] for call in calls] == [
        ["builds", "triggers", "create", "github"]
    ] * 2
    assert [_flags(call, "--name") for call in calls] == [
        [f"{NAME}-staging"],
        [f"{NAME}-production"],
    ]
    assert [_flags(call, "--substitutions") for call in calls] == [
        [f"_SERVICE_NAME={NAME}"]
    ] * 2
    assert [_flags(call, "--build-config") for call in calls] == [
        ["cloudbuild-staging.yaml"],
        ["cloudbuild.yaml"],
    ]


def test_the_accounts_are_the_ones_the_services_pipeline_deploys_as(
    generated: Path, tmp_path: Path
) -> None:
    calls = _run("service_accounts.sh", generated, tmp_path)
    staging = yaml.safe_load((generated / "cloudbuild-staging.yaml").read_text("utf-8"))
    expected = staging["substitutions"]["_SERVICE_ACCOUNT"]
    runtime = f"{expected}@{ENV['PROJECT']}.iam.gserviceaccount.com"

    assert expected == f"{NAME}-staging"
    assert calls[0][:4] == ["iam", "service-accounts", "create", expected]
    assert _flags(calls[1], "--member") == [f"serviceAccount:{runtime}"]
    assert ["iam", "service-accounts", "add-iam-policy-binding", runtime] in [
        call[:4] for call in calls
    ]


@pytest.mark.parametrize("script", ["build_triggers.sh", "service_accounts.sh"])
def test_no_command_names_the_reference_service(
    generated: Path, tmp_path: Path, script: str
) -> None:
    calls = _run(script, generated, tmp_path)

    assert calls
    assert [
        arg for call in calls for arg in call if arg.startswith(REFERENCE_NAMES)
    ] == []


@pytest.mark.parametrize("script", ["build_triggers.sh", "service_accounts.sh"])
def test_outside_a_generated_service_the_commands_stop_before_gcloud(
    tmp_path: Path, script: str
) -> None:
    folder = tmp_path / "not-a-service"
    folder.mkdir()

    with pytest.raises(AssertionError, match=r"copier-answers\.yml"):
        _run(script, folder, tmp_path)
    assert not (tmp_path / f"{script}.log").exists()
