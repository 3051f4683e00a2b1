"""Every shell block on the site is a script here, and these tests run it.

Scripts that work only against GCP (``commands/gcp/``) are checked with
shellcheck and ``bash -n``; every other script runs for real.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.checker.schema_validator import errors
from tests.conftest import ROOT
from tests.snippet_runs import free_port, serving

COMMANDS = ROOT / "commands"
SERVICE_DIR = ROOT / "examples" / "acacia-service"
SARIF_SCHEMA = json.loads(
    (ROOT / "tests" / "checker" / "sarif-schema-2.1.0.json").read_text("utf-8")
)
BIN = Path(sys.executable).parent
COPY_SKIPS = (
    ".venv",
    ".data",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".env.development",
)
SCRIPTS = sorted(COMMANDS.rglob("*.sh"))
# Need a GCP project: checked, never run.
GCP_ONLY = {
    "build_triggers.sh",
    "create_secrets.sh",
    "service_accounts.sh",
    "smoke_deployment.sh",
}

SMALL_MODULE = '''"""A tiny service module."""


def add(left: int, right: int) -> int:
    """Add two numbers."""
    return left + right
'''
SMALL_TEST = '''"""Tests of the tiny module."""

import pytest

from app.core import add


@pytest.mark.smoke
def test_add() -> None:
    assert add(1, 2) == 3


@pytest.mark.integration
def test_integration() -> None:
    assert add(0, 0) == 0


@pytest.mark.e2e
def test_e2e() -> None:
    assert add(-1, 1) == 0


@pytest.mark.slow
def test_slow() -> None:
    assert add(2, 2) == 4
'''
MARKERS = """[tool.pytest.ini_options]
addopts = ["--strict-markers"]
markers = ["smoke: fast", "integration: db", "e2e: http", "slow: slow"]
"""


def _run(script: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("COVERAGE_FILE", None)
    return subprocess.run(
        ["bash", str(COMMANDS / script), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def small_service(tmp_path: Path) -> Path:
    """A service folder with one typed module and marked tests."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text('"""App."""\n')
    (tmp_path / "app" / "core.py").write_text(SMALL_MODULE)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "__init__.py").write_text('"""Tests."""\n')
    (tmp_path / "tests" / "test_core.py").write_text(SMALL_TEST)
    (tmp_path / "pyproject.toml").write_text(MARKERS)
    return tmp_path


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_passes_bash_n_and_shellcheck(script: Path) -> None:
    subprocess.run(["bash", "-n", str(script)], check=True)
    result = subprocess.run(
        [str(BIN / "shellcheck"), str(script)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_only_the_gcp_folder_holds_scripts_that_no_test_runs() -> None:
    assert {script.name for script in (COMMANDS / "gcp").glob("*.sh")} == GCP_ONLY


def test_quality_gate_passes_a_clean_service(small_service: Path) -> None:
    result = _run("quality_gate.sh", small_service)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Required test coverage of 80% reached" in result.stdout


def test_quality_gate_fails_when_coverage_drops(small_service: Path) -> None:
    extra = '\n\ndef untested(value: int) -> int:\n    """Nobody calls it."""\n'
    body = "    if value:\n        return 1\n    return 2\n"
    (small_service / "app" / "core.py").write_text(SMALL_MODULE + extra + body * 3)
    assert _run("quality_gate.sh", small_service).returncode != 0


def test_pytest_selection_selects_what_each_line_says(small_service: Path) -> None:
    result = _run("pytest_selection.sh", small_service)
    assert result.returncode == 0, result.stdout + result.stderr
    summaries = [line for line in result.stdout.splitlines() if " in " in line]
    counts = [line.strip("= ").split(" in ")[0] for line in summaries]
    assert counts == [
        "4 passed",
        "1 passed, 3 deselected",
        "2 passed, 2 deselected",
        "3 passed, 1 deselected",
        "4 passed",
    ]


def test_check_a_service_passes_the_reference_service() -> None:
    result = _run("check_a_service.sh", ROOT, str(SERVICE_DIR))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "DB-01" in result.stdout


def test_report_for_github_writes_valid_sarif_and_passes_the_service(
    tmp_path: Path,
) -> None:
    result = _run("report_for_github.sh", tmp_path, str(SERVICE_DIR))
    sarif = json.loads((tmp_path / "acacia-sop.sarif").read_text("utf-8"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert errors(sarif, SARIF_SCHEMA) == []
    assert not any(line.startswith("::error") for line in result.stdout.splitlines())


@pytest.fixture
def local_service(mongo_uri: str, tmp_path: Path) -> Iterator[Path]:
    """A copy of the reference service served by ``make api``'s script.

    The copy keeps the ``.env.development`` that the script writes on its first
    run out of the repository.
    """
    service = tmp_path / "acacia-service"
    shutil.copytree(SERVICE_DIR, service, ignore=shutil.ignore_patterns(*COPY_SKIPS))
    port = free_port()
    env = {**os.environ, "PORT": str(port), "MONGO_URI": mongo_uri}
    env["ENVIRONMENT"] = "development"
    env.pop("PYTEST_ADDOPTS", None)
    command = [sys.executable, "scripts/dev_server.py"]
    with serving(command, service, env, port, "/api/v1/health") as base_url:
        (service / "base_url").write_text(base_url)
        yield service


@pytest.mark.integration
def test_local_token_reaches_an_authenticated_route(local_service: Path) -> None:
    result = subprocess.run(
        ["bash", str(COMMANDS / "local_token.sh")],
        cwd=local_service,
        env={**os.environ, "BASE_URL": (local_service / "base_url").read_text()},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    written = (local_service / ".env.development").read_text("utf-8").splitlines()
    (admin,) = [
        line.split("=", 1)[1] for line in written if "FIRST_ADMIN_EMAIL=" in line
    ]
    assert json.loads(result.stdout)["email"] == admin
