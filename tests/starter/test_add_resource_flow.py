"""A team's second day: add a resource to a new service, then its own checks.

As a team runs it: the wheel ``make dist`` built, installed alone in a clean
venv, generates ``payments-api`` and adds ``invoices`` to it;
then the service's ``make lint typecheck test`` (its whole suite, the
schemathesis run over every operation included) and ``acacia-sop check``.
One service for the whole flow; the service's tests run on this checkout's
venv (``PYTHON=``), which holds the service's dev lock, as ``make
test-service`` does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.starter.conftest import run_tool
from tests.starter.test_wheel import install

pytestmark = pytest.mark.slow

NAME = "payments-api"
ADD = ["add", "resource", "invoices", "--field", "customer:str"]
ADD += ["--field", "amount_cents:int", "--field", "paid:bool"]
SCHEMATHESIS = (
    "PASSED tests/test_deployment.py::"
    "test_schemathesis_finds_no_failure_on_any_operation"
)


@dataclass(frozen=True)
class Flow:
    """What each command of the flow answered."""

    service: Path
    new: subprocess.CompletedProcess[str]
    add: subprocess.CompletedProcess[str]
    make: subprocess.CompletedProcess[str]
    check: subprocess.CompletedProcess[str]


def _make(service: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    """``make TARGETS`` in the service, in a shell with none of this run's variables."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("VIRTUAL_ENV", "PYTHON", "COV_", "PYTEST", "MAKE", "MFLAGS")
        )
    }
    return subprocess.run(
        ["make", *targets, f"PYTHON={sys.executable}", "PYTEST_ARGS=-rA"],
        cwd=service,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def flow(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Flow:
    """``new``, ``add resource``, ``make lint typecheck test``, ``check``: once."""
    work = tmp_path_factory.mktemp("add-resource-flow")
    installed = install(wheel, work)
    service = work / NAME

    def tool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return run_tool(installed.bin_dir, *args, cwd=cwd, home=work)

    new = tool("new", NAME, cwd=work)
    add = tool(*ADD, cwd=service)
    make = _make(service, "lint", "typecheck", "test")
    check = tool("check", ".", cwd=service)
    return Flow(service, new, add, make, check)


def test_add_resource_writes_the_invoices_files_in_the_new_service(
    flow: Flow,
) -> None:
    assert (flow.new.returncode, flow.new.stderr) == (0, "")
    assert (flow.add.returncode, flow.add.stderr) == (0, ""), flow.add.stderr
    assert "wrote: app/api/v1/endpoints/invoices.py" in flow.add.stdout
    assert (flow.service / "tests/test_api/test_invoices.py").is_file()


def test_the_service_passes_lint_types_and_its_whole_suite(flow: Flow) -> None:
    output = flow.make.stdout + flow.make.stderr

    assert flow.make.returncode == 0, output[-8000:]
    assert "PASSED tests/test_api/test_invoices.py::" in output
    assert SCHEMATHESIS in output
    assert "Success: no issues found" in output


def test_acacia_sop_check_passes_on_the_service_with_the_resource(
    flow: Flow,
) -> None:
    assert flow.check.returncode == 0, flow.check.stdout[-3000:]
    assert " 0 failed" in flow.check.stdout.splitlines()[-1]
