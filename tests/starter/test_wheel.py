"""The wheel ``make dist`` builds, alone in a clean venv, runs what it ships.

The venv is made as ``make install`` makes one: uv syncs a hashed lock with
``--require-hashes``; here the lock is the part of ``requirements.lock`` that
the wheel's ``Requires-Dist`` reaches (found from the metadata of the
distributions this run has installed), so nothing the wheel does not declare
is there. Then the wheel goes in without dependencies. A module the wheel
imports but does not declare, or a site-only package among its requirements,
fails here; so does a file under ``src/`` that the wheel does not run.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import grimp
import pytest
from packaging.markers import Marker
from packaging.metadata import Metadata
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name

from acacia_sop.checker.checks import rule_modules
from tests.conftest import ROOT
from tests.starter.conftest import REFERENCE, run_tool
from tests.starter.sop_checkout import Checkout
from tests.test_dependencies import read_lock

pytestmark = pytest.mark.slow

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
SITE_ONLY = {
    canonicalize_name(Requirement(line).name)
    for line in PYPROJECT["dependency-groups"]["site"]
}
PACKAGE = "acacia_sop"
ENTRY_POINT = "acacia_sop.cli"
SITE_SURFACE = "acacia_sop.checker.public"
BUILT_BY_MAKE_DIST = {"acacia_sop/starter/data/template.bundle"}
"""Package data ``make dist`` writes; never tracked."""
UV = Path(sys.executable).with_name("uv")


@dataclass(frozen=True)
class InstalledWheel:
    """The clean venv holding the wheel, and what the wheel declares."""

    bin_dir: Path
    requires: list[Requirement]
    reached: set[NormalizedName]


def requires_dist(wheel: Path) -> list[Requirement]:
    """The wheel's ``Requires-Dist``, read from its METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        text = archive.read(name).decode("utf-8")
    return list(Metadata.from_email(text, validate=False).requires_dist or [])


def _applies(requirement: Requirement, extras: Iterable[str]) -> bool:
    marker = requirement.marker
    return marker is None or any(
        marker.evaluate({"extra": extra}) for extra in {"", *extras}
    )


def reached(requirements: Iterable[Requirement]) -> set[NormalizedName]:
    """Every distribution ``requirements`` reach here, transitive ones too."""
    found: set[NormalizedName] = set()
    pending = [(requirement, frozenset[str]()) for requirement in requirements]
    while pending:
        requirement, parent_extras = pending.pop()
        name = canonicalize_name(requirement.name)
        if not _applies(requirement, parent_extras) or name in found:
            continue
        found.add(name)
        for line in importlib.metadata.requires(name) or []:
            pending.append((Requirement(line), frozenset(requirement.extras)))
    return found


def _write_sub_lock(names: set[NormalizedName], out: Path) -> None:
    """The entries of ``requirements.lock`` for ``names`` on this Python."""
    entries = [
        entry
        for entry in read_lock(ROOT / "requirements.lock")
        if entry.name in names and (not entry.marker or Marker(entry.marker).evaluate())
    ]
    assert {entry.name for entry in entries} == names, "make lock"
    out.write_text(
        "".join(
            f"{entry.name}=={entry.version} "
            + " ".join(f"--hash={digest}" for digest in sorted(entry.hashes))
            + "\n"
            for entry in entries
        ),
        encoding="utf-8",
    )


def _uv_pip(command: str, python: Path, *args: str) -> None:
    """``uv pip COMMAND`` on the environment of ``python``, as ``make install``."""
    result = subprocess.run(
        [UV, "pip", command, "--quiet", "--python", str(python), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def install(wheel: Path, work: Path) -> InstalledWheel:
    """A new venv in ``work`` with the locked dependencies and then the wheel."""
    venv, lock = work / "venv", work / "requirements.lock"
    requires = requires_dist(wheel)
    names = reached(requires)
    _write_sub_lock(names, lock)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    _uv_pip("sync", python, "--require-hashes", str(lock))
    _uv_pip("install", python, "--no-deps", str(wheel))
    _uv_pip("check", python)
    return InstalledWheel(venv / "bin", requires, names)


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> InstalledWheel:
    """A new venv with the locked dependencies and then the wheel."""
    return install(wheel, tmp_path_factory.mktemp("wheel-venv"))


def test_the_wheel_requires_nothing_only_the_site_needs(
    installed: InstalledWheel,
) -> None:
    declared = {canonicalize_name(r.name) for r in installed.requires}

    assert declared
    assert not [name for name in installed.reached if name.startswith("mkdocs")]
    assert declared & SITE_ONLY == set()
    assert installed.reached & SITE_ONLY == set()
    assert all(str(r.specifier).startswith("==") for r in installed.requires)


def _imported_distributions(bin_dir: Path) -> dict[str, list[str]]:
    """Top-level module -> distributions, in the clean venv."""
    listed = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "import importlib.metadata as m, json; "
            "print(json.dumps(m.packages_distributions()))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found: dict[str, list[str]] = json.loads(listed)
    return found


def test_every_module_the_wheel_imports_is_a_declared_dependency(
    installed: InstalledWheel,
) -> None:
    graph = grimp.build_graph(PACKAGE, include_external_packages=True, cache_dir=None)
    external = {
        module
        for module in graph.modules
        if module.split(".")[0] != PACKAGE and module not in sys.stdlib_module_names
    }
    owners = _imported_distributions(installed.bin_dir)
    declared = {canonicalize_name(r.name) for r in installed.requires}

    assert external
    assert {
        module: sorted(canonicalize_name(d) for d in owners.get(module, []))
        for module in sorted(external)
        if not declared & {canonicalize_name(d) for d in owners.get(module, [])}
    } == {}


def test_the_installed_wheel_checks_generates_and_upgrades(
    installed: InstalledWheel, tmp_path: Path
) -> None:
    def tool(*args: str) -> subprocess.CompletedProcess[str]:
        return run_tool(installed.bin_dir, *args, cwd=tmp_path, home=tmp_path)

    version = tool("--version")
    reference = tool("check", str(REFERENCE))
    new = tool("new", "ledger-api")
    generated = tool("check", "ledger-api")
    upgrade = tool("upgrade", "ledger-api")

    assert version.stdout == f"{PYPROJECT['project']['version']}\n"
    assert reference.returncode == 0, reference.stdout[-3000:]
    assert (new.returncode, new.stderr) == (0, "")
    assert generated.returncode == 0, generated.stdout[-3000:]
    assert " 0 failed" in generated.stdout.splitlines()[-1]
    assert (upgrade.returncode, upgrade.stderr) == (0, "")
    assert upgrade.stdout == (
        f"ledger-api is up to date with acacia-sop {version.stdout.strip()}\n"
    )


def test_the_installed_wheel_says_which_acacia_sop_a_newer_service_needs(
    installed: InstalledWheel, tmp_path: Path
) -> None:
    checkout = Checkout(tmp_path / "sop", "99.0")
    new = run_tool(
        installed.bin_dir,
        *("new", "ledger-api", "--template-repo", str(checkout.path)),
        cwd=tmp_path,
        home=tmp_path,
    )

    upgrade = run_tool(
        installed.bin_dir, "upgrade", "ledger-api", cwd=tmp_path, home=tmp_path
    )

    assert (new.returncode, new.stderr) == (0, "")
    assert (upgrade.returncode, upgrade.stdout) == (2, "")
    assert upgrade.stderr == (
        "acacia-sop: error: ledger-api uses template 99.0; this acacia-sop knows "
        f"up to {PYPROJECT['project']['version']}: install acacia-sop 99.0 or newer "
        '(pip install -U --index-url "$ACACIA_PYTHON_INDEX" acacia-sop)\n'
    )


def _tracked_under_src() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "src/"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    return {path.removeprefix("src/") for path in listed}


def _files(tracked: Iterable[str]) -> set[str]:
    """``tracked`` with each tracked link to a folder replaced by its files."""
    found: set[str] = set()
    for path in tracked:
        folder = ROOT / "src" / path
        if folder.is_dir():
            found |= {
                f"{path}/{file.relative_to(folder).as_posix()}"
                for file in folder.rglob("*")
                if file.is_file()
            }
        else:
            found.add(path)
    return found


def _with_packages(modules: Iterable[str]) -> set[str]:
    """``modules`` and every package above them (importing one runs those)."""
    return {
        module.rsplit(".", depth)[0]
        for module in modules
        for depth in range(module.count(".") + 1)
    }


def _module(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def test_src_holds_only_what_the_wheel_ships_and_runs(wheel: Path) -> None:
    tracked = _tracked_under_src()
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n for n in archive.namelist() if n.startswith(f"{PACKAGE}/")}
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    # The command, the rule modules the checker loads by name, and the
    # checker's surface for the site: each with everything it imports.
    roots = {ENTRY_POINT, SITE_SURFACE, *rule_modules()}
    imported = _with_packages(
        {*roots, *(up for root in roots for up in graph.find_upstream_modules(root))}
    )
    modules = {_module(path) for path in tracked if path.endswith(".py")}
    data = {path for path in tracked if not path.endswith(".py")}
    code = "".join((ROOT / "src" / path).read_text("utf-8") for path in tracked - data)

    assert shipped - BUILT_BY_MAKE_DIST == _files(tracked)
    assert modules - imported == set()
    assert [path for path in sorted(data) if Path(path).name not in code] == []
