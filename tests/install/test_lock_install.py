"""``make install`` ends with exactly the lock's versions, whatever the index serves.

The index here is a folder of wheels the test writes: the locked release of a
package that another locked package asks for with an extra, and a newer
release of it. Python 3.11's own pip (``ensurepip``) resolves such an extra
against the index, so ``pip install --require-hashes -r requirements.lock``
either refuses the lock or installs the newer release; the Makefile's install
must do neither.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import IN_CI, ROOT
from tests.install.pythons import find_python, make, output
from tests.install.wheels import build_wheel, file_hash
from tests.test_dependencies import read_lock

APP, LIB, SPEEDUP = "acacia-probe-app", "acacia-probe-lib", "acacia-probe-speedup"
LOCKED = {APP: "1.0", LIB: "1.0", SPEEDUP: "1.0"}
INSTALLED = (
    "import importlib.metadata as m, json; "
    "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
)


def _python_311() -> str:
    python = find_python("3.11")
    if python is None:
        if IN_CI:
            pytest.fail("no Python 3.11 on this machine")
        pytest.skip("no Python 3.11 on this machine")
    return python


def _index_and_lock(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of wheels offering LIB 2.0, and a lock pinning LIB 1.0."""
    index = tmp_path / "index"
    index.mkdir()
    wheels = {
        APP: build_wheel(index, APP, "1.0", requires=(f"{LIB}[fast]>=1.0",)),
        LIB: build_wheel(
            index, LIB, "1.0", (f'{SPEEDUP}; extra == "fast"',), ("fast",)
        ),
        SPEEDUP: build_wheel(index, SPEEDUP, "1.0"),
    }
    build_wheel(index, LIB, "2.0", (f'{SPEEDUP}; extra == "fast"',), ("fast",))
    entries = [f"{name}==1.0 --hash={file_hash(w)}" for name, w in wheels.items()]
    # uv is locked too, as in requirements.lock: the bootstrap installs it.
    uv = (ROOT / "tools/uv/requirements.lock").read_text("utf-8")
    lock = tmp_path / "requirements.lock"
    lock.write_text("\n".join([*entries, uv]), "utf-8")
    return index, lock


def test_make_install_ends_with_exactly_the_locked_versions(tmp_path: Path) -> None:
    python = _python_311()
    index, lock = _index_and_lock(tmp_path)
    venv = tmp_path / "venv"
    env = {
        **os.environ,
        # Both installers see the folder; uv may ask nothing else.
        "PIP_FIND_LINKS": str(index),
        "UV_FIND_LINKS": str(index),
        "UV_NO_INDEX": "1",
    }

    failed = make(
        f"{venv}/.locked", f"VENV={venv}", f"LOCK={lock}", f"PYTHON={python}", env=env
    )

    assert failed == ""
    shipped_pip = output(python, "-c", "import ensurepip; print(ensurepip.version())")
    pip = output(venv / "bin/python", "-m", "pip", "--version")
    assert pip.startswith(f"pip {shipped_pip} "), "the venv has Python's own pip"
    installed = json.loads(output(venv / "bin/python", "-c", INSTALLED))
    assert {name: installed.get(name) for name in LOCKED} == LOCKED


def test_the_uv_bootstrap_is_the_locked_uv() -> None:
    (bootstrap,) = read_lock(ROOT / "tools/uv/requirements.lock")
    locked = read_lock(ROOT / "requirements.lock")

    assert bootstrap.name == "uv"
    assert bootstrap in locked, "same version and hashes: make lock"
