"""``acacia-sop upgrade`` run as a user runs it: every failure says what to do.

The installed command builds its template from an SOP checkout made here
(``--template-repo``, :class:`~tests.starter.sop_checkout.Checkout`);
``test_wheel.py`` runs the wheel's own template against a newer service.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.starter.conftest import run_tool
from tests.starter.sop_checkout import Checkout, commit, edit

BIN = Path(sys.executable).parent
HELP_LINE = "help: ## List targets."


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


def _tool(
    home: Path, cwd: Path, *args: str, checkout: Checkout
) -> subprocess.CompletedProcess[str]:
    """The installed ``acacia-sop ARGS --template-repo CHECKOUT``."""
    return run_tool(
        BIN, *args, "--template-repo", str(checkout.path), cwd=cwd, home=home
    )


def _generate(home: Path, tmp_path: Path, checkout: Checkout) -> Path:
    new = _tool(home, tmp_path, "new", "payments-api", checkout=checkout)
    assert (new.returncode, new.stderr) == (0, "")
    return tmp_path / "payments-api"


def test_a_template_newer_than_the_tool_says_what_to_install(
    tmp_path: Path, home: Path
) -> None:
    checkout = Checkout(tmp_path / "sop", "0.3")
    service = _generate(home, tmp_path, checkout)
    checkout.set_version("0.2")

    upgrade = _tool(home, tmp_path, "upgrade", "payments-api", checkout=checkout)

    assert upgrade.returncode == 2
    assert upgrade.stdout == ""
    assert upgrade.stderr == (
        "acacia-sop: error: payments-api uses template 0.3; the SOP checkout "
        f"{checkout.path} knows up to 0.2: update that checkout\n"
    )
    assert _status(service) == ""


def test_a_copier_error_is_one_line_and_changes_nothing(
    tmp_path: Path, home: Path
) -> None:
    checkout = Checkout(tmp_path / "sop", "0.3")
    service = _generate(home, tmp_path, checkout)
    edit(service / ".copier-answers.yml", "_commit: v0.3", "_commit: v0.2.9")
    commit(service, "chore: an answers file edited by hand")

    upgrade = _tool(home, tmp_path, "upgrade", "payments-api", checkout=checkout)

    assert upgrade.returncode == 2
    assert upgrade.stderr == (
        "acacia-sop: error: cannot upgrade payments-api: Unknown revision: "
        "'v0.2.9'; nothing was changed\n"
    )
    assert _status(service) == ""


def test_conflicts_exit_1_and_list_the_files(tmp_path: Path, home: Path) -> None:
    checkout = Checkout(tmp_path / "sop", "0.2")
    checkout.release()
    service = _generate(home, tmp_path, checkout)
    edit(service / "Makefile", HELP_LINE, "help: ## Team: list our targets.")
    commit(service, "build: our help text")
    edit(checkout.service / "Makefile", HELP_LINE, "help: ## Template: targets.")
    checkout.set_version("0.3")

    upgrade = _tool(home, tmp_path, "upgrade", "payments-api", checkout=checkout)

    assert (upgrade.returncode, upgrade.stderr) == (1, "")
    assert [line for line in upgrade.stdout.splitlines() if "conflict" in line] == [
        "conflict: Makefile (resolve the <<<<<<< markers, then commit)"
    ]
    assert "<<<<<<< " in (service / "Makefile").read_text("utf-8")


def _status(service: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=service,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
