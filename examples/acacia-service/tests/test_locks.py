"""The locks hold every pin, with hashes, and agree with each other.

``make lock`` writes them from ``requirements*.txt``; a pin added to a
requirements file without ``make lock`` (or ``make add``) would be missing
from the venv and the image, and fails here.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from app.core.config import SERVICE_ROOT

LOCKS = {
    "requirements-dev.lock": ("requirements-dev.txt", "requirements-smoke.txt"),
    "requirements.lock": ("requirements.txt",),
    "requirements-smoke.lock": ("requirements-smoke.txt",),
}
"""Each lock and the requirements files whose pins it must hold."""


@dataclass(frozen=True)
class Locked:
    """One entry of a lock: a pinned version, its marker and its file hashes."""

    name: str
    version: str
    marker: str
    hashes: frozenset[str]


def read_lock(path: Path) -> list[Locked]:
    """The entries of a ``uv pip compile --generate-hashes`` file."""
    entries: list[Locked] = []
    for line in path.read_text("utf-8").replace("\\\n", " ").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement, *hashes = line.split(" --hash=")
        pin = Requirement(requirement.strip())
        (specifier,) = pin.specifier
        entries.append(
            Locked(
                canonicalize_name(pin.name),
                specifier.version,
                str(pin.marker or ""),
                frozenset(option.strip() for option in hashes),
            )
        )
    return entries


def pins(name: str) -> list[Requirement]:
    """The requirements written in ``name``, following ``-r`` includes."""
    found: list[Requirement] = []
    for line in (SERVICE_ROOT / name).read_text("utf-8").splitlines():
        text = line.partition("#")[0].strip()
        if text.startswith("-r "):
            found += pins(text.removeprefix("-r ").strip())
        elif text:
            found.append(Requirement(text))
    return found


@pytest.mark.parametrize("lock", [*LOCKS, "requirements-uv.lock"])
def test_every_locked_file_has_a_hash(lock: str) -> None:
    entries = read_lock(SERVICE_ROOT / lock)

    assert entries
    assert [entry.name for entry in entries if not entry.hashes] == []


@pytest.mark.parametrize(("lock", "sources"), LOCKS.items())
def test_every_pin_is_in_the_lock_with_its_version(
    lock: str, sources: tuple[str, ...]
) -> None:
    locked = {(e.name, e.version) for e in read_lock(SERVICE_ROOT / lock)}
    written = [pin for source in sources for pin in pins(source)]
    inexact = [str(p) for p in written if [s.operator for s in p.specifier] != ["=="]]
    missing = [
        str(pin)
        for pin in written
        if (canonicalize_name(pin.name), next(iter(pin.specifier)).version)
        not in locked
    ]

    assert inexact == [], "pin with == (make add does)"
    assert missing == [], f"run make lock: {lock} lacks them"


@pytest.mark.parametrize(
    "lock", ["requirements.lock", "requirements-smoke.lock", "requirements-uv.lock"]
)
def test_each_cut_is_part_of_the_dev_lock(lock: str) -> None:
    def cut(path: str) -> set[tuple[str, str, frozenset[str]]]:
        # a cut may need a package on fewer Pythons: its marker may be narrower
        return {(e.name, e.version, e.hashes) for e in read_lock(SERVICE_ROOT / path)}

    assert cut(lock) <= cut("requirements-dev.lock"), "same versions and hashes"


def test_the_image_installs_only_the_runtime() -> None:
    names = {entry.name for entry in read_lock(SERVICE_ROOT / "requirements.lock")}

    assert {"fastapi", "uvicorn"} <= names
    assert not {"pytest", "uv", "ruff"} & names
    assert [e.name for e in read_lock(SERVICE_ROOT / "requirements-uv.lock")] == ["uv"]


def _add(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SERVICE_ROOT / "scripts" / "add_dependency.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("package", "message"),
    [
        ("", "give the package to add: make add PACKAGE=httpx-retries"),
        ("httpx>=1", "PACKAGE='httpx>=1' is not a package name"),
        ("a b", "PACKAGE='a b' is not a package name"),
        ("Email_Validator", "email-validator==2.4.0 is already in requirements.txt"),
        ("PyTest", "pytest==9.2.0 is already in requirements-dev.txt"),
    ],
)
def test_make_add_refuses_in_one_line_and_changes_nothing(
    tmp_path: Path, package: str, message: str
) -> None:
    for path in SERVICE_ROOT.glob("requirements*"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}

    result = _add(package, "--", "false", cwd=tmp_path)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"make add: {message}")
    assert result.stderr.count("\n") == 1
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before
