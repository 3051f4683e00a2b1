"""The template's versions: a git repository with one tag per tool version.

``copier update`` needs the template a service was generated from as well as
the current one, so the template travels as a git bundle in which each
release of acacia-sop is a commit tagged ``v<version>``. The bundle is built
from this repository's own history: for every earlier release tag, the
reference service at that tag; then the service as it is now, tagged with the
current version. A team that only has the wheel therefore holds every
template it may need to upgrade from.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from importlib.metadata import version as distribution_version
from pathlib import Path

from packaging.version import InvalidVersion, Version

from acacia_sop.starter.template import build_template

CHECKOUT = Path(__file__).resolve().parents[3]
SERVICE_IN_CHECKOUT = Path("examples") / "acacia-service"
PACKAGED_BUNDLE = Path(__file__).resolve().parent / "data" / "template.bundle"
SOURCE_URL = "~/.cache/acacia-sop/starter-template.bundle"
"""Where ``new`` and ``upgrade`` put the bundle, and the ``_src_path`` copier
records: the same string on every teammate's machine."""

_IDENTITY = {
    "GIT_AUTHOR_NAME": "acacia-sop",
    "GIT_AUTHOR_EMAIL": "acacia-sop@localhost",
    "GIT_COMMITTER_NAME": "acacia-sop",
    "GIT_COMMITTER_EMAIL": "acacia-sop@localhost",
}


class TemplateUnavailableError(RuntimeError):
    """Neither a checkout nor a packaged template bundle was found."""


def tool_version() -> str:
    """The installed acacia-sop version, which tags the current template."""
    return distribution_version("acacia-sop")


def git(*args: str, cwd: Path, as_starter: bool = True) -> str:
    """Run git in ``cwd`` (as acacia-sop unless ``as_starter`` is false)."""
    result = subprocess.run(  # noqa: S603 - fixed git arguments
        ["git", *args],  # noqa: S607 - git from PATH, like copier
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **(_IDENTITY if as_starter else {})},
    )
    return result.stdout


class TemplateRepository:
    """A git repository holding one commit and tag per template version."""

    def __init__(self, path: Path) -> None:
        """Open the repository at ``path``, creating it when missing."""
        self.path = path
        if not (path / ".git").exists():
            path.mkdir(parents=True, exist_ok=True)
            git("init", "--quiet", "--initial-branch=main", cwd=path)

    def add_version(self, service_dir: Path, version: str) -> None:
        """Commit the template built from ``service_dir`` as ``v<version>``."""
        for child in self.path.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        build_template(service_dir, self.path)
        # --force: the service's .gitignore, now in the template, would drop
        # files such as .env.example.jinja.
        git("add", "--all", "--force", cwd=self.path)
        git(
            "commit",
            "--quiet",
            "--allow-empty",
            "-m",
            f"template {version}",
            cwd=self.path,
        )
        git("tag", f"v{version}", cwd=self.path)

    def write_bundle(self, out: Path) -> None:
        """Write every version (branch and tags) into the bundle file ``out``."""
        out.parent.mkdir(parents=True, exist_ok=True)
        git("bundle", "create", "--quiet", str(out.resolve()), "--all", cwd=self.path)


def released_versions(checkout: Path, current: str) -> list[str]:
    """Release tags ``v<version>`` of ``checkout`` older than ``current``."""
    try:
        tags = git("tag", "--list", "v*", cwd=checkout).split()
    except (OSError, subprocess.CalledProcessError):
        return []
    versions = []
    for tag in tags:
        try:
            versions.append(Version(tag.removeprefix("v")))
        except InvalidVersion:
            continue
    return [str(found) for found in sorted(versions) if found < Version(current)]


def _export_service(checkout: Path, version: str, out_dir: Path) -> Path:
    """The reference service as it was at tag ``v<version>``, unpacked."""
    archive = subprocess.run(  # noqa: S603 - fixed git arguments
        ["git", "archive", f"v{version}", SERVICE_IN_CHECKOUT.as_posix()],  # noqa: S607
        cwd=checkout,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(out_dir, filter="data")
    return out_dir / SERVICE_IN_CHECKOUT


def build_history(repo_path: Path, checkout: Path = CHECKOUT) -> TemplateRepository:
    """The template repository: every earlier release, then the current service."""
    current = tool_version()
    repository = TemplateRepository(repo_path)
    for version in released_versions(checkout, current):
        with tempfile.TemporaryDirectory() as exported:
            repository.add_version(
                _export_service(checkout, version, Path(exported)), version
            )
    repository.add_version(checkout / SERVICE_IN_CHECKOUT, current)
    return repository


def write_bundle(out: Path, checkout: Path = CHECKOUT) -> None:
    """Build the template history from ``checkout`` into the bundle ``out``."""
    with tempfile.TemporaryDirectory() as repo:
        build_history(Path(repo), checkout).write_bundle(out)


def install_source(bundle: Path | None = None) -> str:
    """Put the template bundle at :data:`SOURCE_URL`; return that URL.

    Without ``bundle``: from a checkout the bundle is built now from
    ``examples/acacia-service`` (so a change to the service reaches the next
    ``new``); from a wheel it is the bundle ``make dist`` packaged.
    """
    destination = Path(SOURCE_URL).expanduser()
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.{os.getpid()}")
    if bundle is not None:
        shutil.copyfile(bundle, partial)
    elif (CHECKOUT / SERVICE_IN_CHECKOUT).is_dir():
        write_bundle(partial)
    elif PACKAGED_BUNDLE.is_file():
        shutil.copyfile(PACKAGED_BUNDLE, partial)
    else:
        raise TemplateUnavailableError(
            "no template: this acacia-sop has neither a checkout nor a packaged bundle"
        )
    partial.replace(destination)
    return SOURCE_URL
