"""Fixtures of the starter tests: a private HOME, a service generated once.

``acacia-sop new`` keeps the template bundle under ``~/.cache/acacia-sop``;
every test here runs with ``HOME`` in a temporary folder so that nothing
outside the test run is written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from acacia_sop.cli import main
from tests.conftest import ROOT, once_per_run
from tests.starter.tutorial import TutorialRun, page_steps, run_tutorial

REFERENCE = ROOT / "examples" / "acacia-service"
NAME = "payments-api"
NEW_FROM_CHECKOUT = ["new", "--template-repo", str(ROOT)]
"""``acacia-sop new`` with this checkout's template, as in an editable install."""


@pytest.fixture(scope="session")
def starter_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A HOME of the session's own, so the bundle cache stays in the run."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        yield home


@pytest.fixture(scope="session")
def generated(starter_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``acacia-sop new payments-api``, run once per session (do not modify)."""
    destination = tmp_path_factory.mktemp("generated") / NAME
    assert main([*NEW_FROM_CHECKOUT, NAME, "--dir", str(destination)]) == 0
    return destination


@pytest.fixture
def generated_copy(generated: Path, tmp_path: Path) -> Path:
    """A copy of the generated service that a test may change."""
    copy = tmp_path / NAME
    shutil.copytree(generated, copy, symlinks=True)
    return copy


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel ``make dist`` builds, once for the whole run (every worker)."""
    dist = once_per_run(tmp_path_factory, "dist", _make_dist)
    (built,) = dist.glob("acacia_sop-*.whl")
    return built


def _make_dist(dist: Path) -> None:
    subprocess.run(["make", "dist", f"DIST_DIR={dist}"], cwd=ROOT, check=True)


def run_tool(
    bin_dir: Path, *args: str, cwd: Path, home: Path
) -> subprocess.CompletedProcess[str]:
    """``acacia-sop ARGS`` from the venv ``bin_dir``, with its own HOME."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [str(bin_dir / "acacia-sop"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**env, "HOME": str(home)},
        check=False,
    )


@pytest.fixture(scope="session")
def tutorial_run(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> TutorialRun:
    """The "Start a new service" page's commands, run once, in page order."""
    return run_tutorial(page_steps(), wheel, tmp_path_factory.mktemp("tutorial"))


@pytest.fixture(scope="session")
def installed_tool(tutorial_run: TutorialRun) -> Path:
    """``bin/`` of the venv the tutorial installed the wheel into (not -e)."""
    return tutorial_run.home / ".venvs" / "acacia-sop" / "bin"
