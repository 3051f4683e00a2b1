"""The hashed locks hold every pin, the service's lock is derived from the root
lock, and the version of ``acacia-sop`` is recorded in one place."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from acacia_sop.checker import __version__

ROOT = Path(__file__).resolve().parents[1]
SERVICE = ROOT / "examples" / "acacia-service"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


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
    logical = path.read_text("utf-8").replace("\\\n", " ")
    for line in logical.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement, *options = line.split(" --hash=")
        pin = Requirement(requirement.strip())
        (specifier,) = pin.specifier
        entries.append(
            Locked(
                canonicalize_name(pin.name),
                specifier.version,
                str(pin.marker or ""),
                frozenset(option.strip() for option in options),
            )
        )
    return entries


def direct_pins() -> list[Requirement]:
    """Every requirement we write by hand: pyproject.toml and the service's files."""
    lines = [
        *PYPROJECT["build-system"]["requires"],
        *PYPROJECT["project"]["dependencies"],
        *(
            line
            for extra in PYPROJECT["project"]["optional-dependencies"].values()
            for line in extra
        ),
    ]
    for path in sorted(SERVICE.glob("requirements*.txt")):
        for line in path.read_text("utf-8").splitlines():
            text = line.partition("#")[0].strip()
            if text and not text.startswith("-"):
                lines.append(text)
    return [Requirement(line) for line in lines]


ROOT_LOCK = read_lock(ROOT / "requirements.lock")
SERVICE_LOCK = read_lock(SERVICE / "requirements.lock")


@pytest.mark.parametrize("pin", direct_pins(), ids=str)
def test_every_direct_pin_is_exact_and_locked(pin: Requirement) -> None:
    (specifier,) = pin.specifier
    assert specifier.operator == "==", f"pin {pin} exactly"
    locked = {e.version for e in ROOT_LOCK if e.name == canonicalize_name(pin.name)}
    assert specifier.version in locked, f"{pin} is not in requirements.lock: make lock"


@pytest.mark.parametrize("lock", [ROOT_LOCK, SERVICE_LOCK], ids=["root", "service"])
def test_every_locked_version_has_hashes(lock: list[Locked]) -> None:
    assert lock
    assert [e.name for e in lock if not e.hashes] == []


def test_the_service_lock_is_the_root_lock_cut_to_its_runtime() -> None:
    runtime = {canonicalize_name(p.name) for p in direct_pins()} & {
        e.name for e in SERVICE_LOCK
    }
    assert {"fastapi", "uvicorn", "motor"} <= runtime
    assert "pytest" not in {e.name for e in SERVICE_LOCK}, "runtime only"
    assert set(SERVICE_LOCK) <= set(ROOT_LOCK), "same versions, markers and hashes"


def test_the_version_is_recorded_once_in_pyproject() -> None:
    version = PYPROJECT["project"]["version"]
    step = yaml.safe_load(
        (ROOT / "acacia_sop/checker/ci/cloudbuild-step.yaml").read_text("utf-8")
    )
    assert __version__ == version
    assert f"acacia-sop=={version}" in step["steps"][0]["args"][-1]
