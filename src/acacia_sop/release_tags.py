"""The SOP's releases: one git tag ``x.y`` names the site's and the wheel's version."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

RELEASE_TAG = re.compile(r"[0-9]+\.[0-9]+")


def is_release(version: str) -> bool:
    """Whether ``version`` names a release: ``x.y``."""
    return RELEASE_TAG.fullmatch(version) is not None


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10"`` -> ``(1, 10)``: versions sort as numbers."""
    return tuple(map(int, version.split(".")))


def release_tags(repo: Path) -> list[str]:
    """Every release tag of the git checkout ``repo``, oldest first (none if no git)."""
    try:
        listed = subprocess.run(
            ["git", "tag", "--list"],  # noqa: S607 - git from PATH
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return []
    return sorted(filter(is_release, listed), key=version_key)
