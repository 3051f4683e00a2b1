"""The hashed locks hold every pin, the service's locks agree with the root
lock, and the version of ``acacia-sop`` is recorded in one place."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from acacia_sop.checker import __version__
from tests.service_pipeline import PIPELINES, script, step

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
        *(line for group in PYPROJECT["dependency-groups"].values() for line in group),
    ]
    for path in sorted(SERVICE.glob("requirements*.txt")):
        for line in path.read_text("utf-8").splitlines():
            text = line.partition("#")[0].strip()
            if text and not text.startswith("-"):
                lines.append(text)
    return [Requirement(line) for line in lines]


ROOT_LOCK = read_lock(ROOT / "requirements.lock")
SERVICE_LOCKS = {
    path.name: read_lock(path) for path in sorted(SERVICE.glob("requirements*.lock"))
}
"""The service's locks, written by its own ``make lock`` within the root lock."""


@pytest.mark.parametrize("pin", direct_pins(), ids=str)
def test_every_direct_pin_is_exact_and_locked(pin: Requirement) -> None:
    (specifier,) = pin.specifier
    assert specifier.operator == "==", f"pin {pin} exactly"
    locked = {e.version for e in ROOT_LOCK if e.name == canonicalize_name(pin.name)}
    assert specifier.version in locked, f"{pin} is not in requirements.lock: make lock"


@pytest.mark.parametrize(
    "lock",
    [ROOT_LOCK, *SERVICE_LOCKS.values()],
    ids=["root", *(f"service/{name}" for name in SERVICE_LOCKS)],
)
def test_every_locked_version_has_hashes(lock: list[Locked]) -> None:
    assert lock
    assert [e.name for e in lock if not e.hashes] == []


def test_the_service_has_its_four_locks() -> None:
    assert sorted(SERVICE_LOCKS) == [
        "requirements-dev.lock",
        "requirements-smoke.lock",
        "requirements-uv.lock",
        "requirements.lock",
    ]


@pytest.mark.parametrize("name", sorted(SERVICE_LOCKS))
def test_the_service_locks_agree_with_the_root_lock(name: str) -> None:
    root = {(e.name, e.version, e.hashes) for e in ROOT_LOCK}
    lock = {(e.name, e.version, e.hashes) for e in SERVICE_LOCKS[name]}

    # markers may differ: the service needs some packages on fewer platforms
    assert lock <= root, "same versions and hashes as requirements.lock: make lock"


def test_the_service_dev_lock_holds_the_service_and_the_image_its_runtime() -> None:
    dev = SERVICE_LOCKS["requirements-dev.lock"]
    runtime = {e.name for e in SERVICE_LOCKS["requirements.lock"]}

    assert {"fastapi", "uvicorn", "motor", "pytest", "uv"} <= {e.name for e in dev}
    assert {"fastapi", "uvicorn", "motor"} <= runtime
    assert not {"pytest", "uv"} & runtime, "the image installs the runtime only"
    assert not {"mkdocs", "copier"} & {e.name for e in dev}, "the site is not in it"


def test_the_version_is_recorded_once_in_pyproject() -> None:
    version = PYPROJECT["project"]["version"]
    assert __version__ == version
    for pipeline in PIPELINES:
        assert f"acacia-sop=={version}" in script(step(pipeline, "sop-check"))
