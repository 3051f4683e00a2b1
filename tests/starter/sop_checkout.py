"""An SOP checkout a test makes and changes: the template source of ``--template-repo``.

A git repository with a ``pyproject.toml`` version and the reference service,
tagged ``x.y`` at each release, as the real checkout is.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.starter.conftest import REFERENCE

SERVICE = Path("examples") / "acacia-service"


def git(folder: Path, *args: str) -> None:
    """Run git in ``folder`` as a team member."""
    subprocess.run(
        ["git", "-c", "user.name=Team", "-c", "user.email=team@acacia.io", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def commit(folder: Path, message: str) -> None:
    """Commit everything in ``folder``."""
    git(folder, "add", "--all")
    git(folder, "commit", "--quiet", "-m", message)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` (which must be there) in ``path`` with ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Checkout:
    """An SOP checkout whose version and reference service a test changes."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        shutil.copytree(
            REFERENCE,
            path / SERVICE,
            ignore=shutil.ignore_patterns(".venv", ".data", "__pycache__"),
        )
        git(path, "init", "--quiet", "--initial-branch=main")
        self.set_version(version)

    @property
    def service(self) -> Path:
        return self.path / SERVICE

    def set_version(self, version: str) -> None:
        """Make the checkout build ``version`` and commit it."""
        pyproject = f'[project]\nname = "acacia-sop"\nversion = "{version}"\n'
        (self.path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
        commit(self.path, f"version {version}")

    def release(self) -> None:
        """Tag the current version as a release, as ``make release`` does."""
        version = (self.path / "pyproject.toml").read_text("utf-8").split('"')[-2]
        git(self.path, "tag", version)
