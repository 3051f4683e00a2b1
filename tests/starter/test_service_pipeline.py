"""A generated service runs the checklist: first in Cloud Build, and on commit.

The commands are the ones its files hold, run on a generated service with
the checker of this checkout on ``PATH`` (the pipeline installs the
released one; the commands are the same).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.checker.schema_validator import errors
from tests.checker.test_formats import SARIF_SCHEMA
from tests.service_pipeline import (
    CHECKLIST_STEPS,
    PIPELINES,
    pipeline,
    script,
    step,
    steps,
    substitute,
)

REPORT = "sop-check.sarif"
STATUS = "sop-check.status"
PLANTED = 'STRIPE_API_KEY = "sk_live_51HcQ2eKx9fLm3ZqT8wPaR"\n'
"""A hard-coded key (SEC-08, an error), appended to a module of the service."""


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``bash -c command`` in ``cwd`` with this checkout's acacia-sop first on PATH."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _checks(service: Path) -> str:
    """What ``sop-check`` runs once the checker is installed, as Cloud Build runs it."""
    lines = script(step(service / PIPELINES[0].name, "sop-check")).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("STATUS="))
    return substitute("\n".join(["set -euo pipefail", *lines[start:]]), {})


def _gate(service: Path) -> str:
    """What ``sop-gate`` runs, with the build's substitutions."""
    values = {"PROJECT_ID": "acacia-test", "BUILD_ID": "b-1"}
    return substitute(script(step(service / PIPELINES[0].name, "sop-gate")), values)


@pytest.mark.parametrize("name", [path.name for path in PIPELINES])
def test_the_checklist_runs_before_anything_is_built_and_keeps_its_sarif(
    generated: Path, name: str
) -> None:
    path = generated / name
    ids = [each.get("id") for each in steps(path)]
    entrypoints = [each.get("entrypoint") for each in steps(path)]
    artifacts: dict[str, Any] = pipeline(path)["artifacts"]["objects"]
    check, gate = script(step(path, "sop-check")), script(step(path, "sop-gate"))

    assert tuple(ids[:2]) == CHECKLIST_STEPS
    assert "gcloud" in entrypoints[2:], "the deploy comes after the checklist"
    assert f"acacia-sop check . --run-tools --sarif {REPORT}" in check
    assert artifacts["paths"] == [REPORT]
    assert f"gcloud storage cp {REPORT} {artifacts['location']}" in gate
    assert gate.rstrip().endswith('exit "$$STATUS"')
    assert [step(path, id_) for id_ in CHECKLIST_STEPS] == [
        step(generated / PIPELINES[0].name, id_) for id_ in CHECKLIST_STEPS
    ], "staging runs production's checklist steps"


def test_the_checklist_step_writes_valid_sarif_and_the_gate_fails_on_a_finding(
    generated_copy: Path,
) -> None:
    with (generated_copy / "app" / "utils" / "helpers.py").open("a") as module:
        module.write(PLANTED)

    checked = _run(_checks(generated_copy), generated_copy)
    report = json.loads((generated_copy / REPORT).read_text("utf-8"))
    gated = _run(_gate(generated_copy), generated_copy)

    assert checked.returncode == 0, checked.stderr
    assert "✗ FAIL   SEC-08" in checked.stdout, "a readable run in the build's log"
    assert (generated_copy / STATUS).read_text("utf-8") == "1\n"
    assert errors(report, json.loads(SARIF_SCHEMA.read_text("utf-8"))) == []
    assert {
        (result["ruleId"], location["physicalLocation"]["artifactLocation"]["uri"])
        for result in report["runs"][0]["results"]
        for location in result["locations"]
    } >= {("SEC-08", "app/utils/helpers.py")}
    # no gcloud here: the upload fails, the gate still fails with the check
    assert gated.returncode == 1


def test_a_check_that_cannot_run_fails_the_step_itself(generated_copy: Path) -> None:
    with (generated_copy / "pyproject.toml").open("a") as pyproject:
        pyproject.write('\n[tool.acacia-sop]\nexclude = "app/"\n')

    checked = _run(_checks(generated_copy), generated_copy)

    assert checked.returncode != 0, "no SARIF report to keep: the build stops here"
    assert not (generated_copy / STATUS).exists()
    assert "exclude: must be a list of glob strings" in checked.stderr


def test_the_gate_passes_a_passing_check_without_uploading(
    generated_copy: Path,
) -> None:
    (generated_copy / STATUS).write_text("0\n", encoding="utf-8")

    gated = _run(_gate(generated_copy), generated_copy)

    assert (gated.returncode, gated.stderr) == (0, "")


def test_the_pre_commit_hook_runs_the_checker_and_passes_on_a_new_service(
    generated: Path,
) -> None:
    config = yaml.safe_load((generated / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    hook = hooks["acacia-sop-check"]

    result = _run(hook["entry"], generated)

    assert hook["entry"].startswith("acacia-sop check")
    assert (hook["language"], hook["always_run"]) == ("system", True)
    assert result.returncode == 0, result.stdout
    assert "0 failed" in result.stdout
