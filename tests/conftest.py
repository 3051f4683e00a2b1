"""Shared fixtures: the repository's paths, a MongoDB server and the built site.

MongoDB: when ``MONGO_URI`` is set the tests use that server (a real mongod or
Atlas); otherwise one SecantusDB server starts on a free port for the whole run.
Each test gets its own database name, so tests run in any order.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = ROOT / "docs"
NODE_MODULES = Path("tools", "npm", "node_modules")
"""Where ``make js-tools`` installs the pinned JavaScript packages."""

pytest_plugins = ["tests.schedule"]  # the longest test files first


def page_html(site: Path, src: str) -> str:
    """The built HTML of the page whose source is ``docs/src``."""
    target = site / src.removesuffix(".md")
    if target.name == "index":
        target = target.parent
    return (target / "index.html").read_text(encoding="utf-8")


IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def mongo_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A MongoDB connection string: ``MONGO_URI`` or a fresh SecantusDB server."""
    configured = os.environ.get("MONGO_URI")
    if configured:
        yield configured
        return
    from secantus import SecantusDBServer

    storage = tmp_path_factory.mktemp("secantus")
    with SecantusDBServer(
        host="127.0.0.1", port=0, storage_path=str(storage)
    ) as server:
        yield str(server.uri)


@pytest.fixture
def unique_db_name() -> str:
    """A kebab-case database name no other test uses."""
    return f"acacia-analytics-test-{uuid.uuid4().hex[:12]}"


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    make: Callable[[Path], None],
) -> Path:
    """The folder ``name``, made by ``make`` once for the whole test run.

    Under pytest-xdist every worker has its own session, so a session fixture
    would make it once per worker; the workers share the parent of their
    temporary folders, and the first to take a lock there makes the folder
    while the others wait and then use it. A failure is recorded, so the other
    workers fail with the same message instead of doing the work again.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / name
    done, failed = root / f"{name}.done", root / f"{name}.failed"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(failed.read_text("utf-8"))
        if not done.exists():
            folder.mkdir(exist_ok=True)
            try:
                make(folder)
            except BaseException as error:
                failed.write_text(f"{name}: {error}", encoding="utf-8")
                raise
            done.touch()
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once per run with ``mkdocs build --strict``."""
    return once_per_run(tmp_path_factory, "site", _build_site)


def _build_site(site_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    if result.returncode != 0:
        warnings = [
            line
            for line in result.stderr.splitlines()
            if line.startswith(("WARNING", "ERROR")) or "Error" in line
        ]
        pytest.fail(
            "mkdocs build --strict failed:\n" + "\n".join(warnings or [result.stderr])
        )


def provide_build_inputs(clone: Path) -> None:
    """Give a clone what a build needs that git does not hold.

    This checkout's coverage contexts (``make coverage-data``), which the
    "tested by" captions need: the clone's sources are this checkout's, so its
    contexts hold (copied as new files, so make keeps them). And the installed
    JavaScript packages of ``tools/npm`` (``make js-tools``), which the build
    serves Mermaid and Panzoom from: linked, as ``npm ci`` of the same lock
    would install them.
    """
    shutil.copytree(
        ROOT / ".coverage-contexts",
        clone / ".coverage-contexts",
        copy_function=shutil.copy,
    )
    modules = clone / NODE_MODULES
    if not modules.exists():
        modules.symlink_to(ROOT / NODE_MODULES, target_is_directory=True)


def build_image_site(
    checkout: Path, out: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """The image's build step, ``deploy/site/build-site.sh``, run in ``checkout``."""
    return subprocess.run(
        ["sh", "deploy/site/build-site.sh", str(out)],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=600,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "NO_MKDOCS_2_WARNING": "1",
            **env,
        },
        check=False,
    )


@dataclass(frozen=True)
class ShallowBuild:
    """A shallow clone of this commit and the site the image's script built."""

    clone: Path
    site: Path
    returncode: int
    stderr: str


CONFIGURED_REPOSITORY = {
    "SOP_REPO_URL": "https://source.example.internal/sop",
    "SOP_EDIT_URI": "src/branch/main/docs/",
}


@pytest.fixture(scope="session")
def shallow_build(tmp_path_factory: pytest.TempPathFactory) -> ShallowBuild:
    """This commit as Cloud Build checks it out, built as the image builds it.

    A clone of depth 1 (no versions branch), with a configured repository
    (``CONFIGURED_REPOSITORY``); once per run, for the reader-aid test of dates
    and edit links and the image test of a checkout without releases.
    """

    def build(folder: Path) -> None:
        clone = folder / "clone"
        subprocess.run(
            ["git", "clone", "--quiet", "--depth", "1", ROOT.as_uri(), str(clone)],
            check=True,
            timeout=120,
        )
        provide_build_inputs(clone)
        result = build_image_site(clone, folder / "site", **CONFIGURED_REPOSITORY)
        outcome = {"returncode": result.returncode, "stderr": result.stderr}
        (folder / "result.json").write_text(json.dumps(outcome), "utf-8")

    folder = once_per_run(tmp_path_factory, "shallow-build", build)
    outcome = json.loads((folder / "result.json").read_text("utf-8"))
    return ShallowBuild(folder / "clone", folder / "site", **outcome)
