"""The template's versions: a git repository with one tag per tool version.

``copier update`` needs the template a service was generated from as well as
the current one, so the template travels as a git bundle in which each
release of acacia-sop is a commit tagged ``v<version>``. The bundle is built
from an SOP checkout's history: for every earlier release tag ``x.y``, the
reference service at that tag; then the service as it is now, tagged with the
current version. A team that only has the wheel therefore holds every template it
may need to upgrade from.

The checkout is always given, never guessed:
``python -m acacia_sop.starter.template_versions --repo . OUT.bundle`` (what
``make dist`` runs) writes the bundle the wheel carries as package data, and
``acacia-sop new --template-repo CHECKOUT`` builds the template from a
checkout on the spot (an editable install has no packaged bundle).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections.abc import Sequence
from importlib.metadata import version as distribution_version
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from packaging.version import InvalidVersion, Version

from acacia_sop.release_tags import release_tags
from acacia_sop.starter.template import build_template

SERVICE_IN_CHECKOUT = Path("examples") / "acacia-service"
"""A release of the SOP and of the wheel: one tag ``x.y`` (``make release``)."""
PACKAGED_BUNDLE: Traversable = files("acacia_sop.starter") / "data" / "template.bundle"
"""The bundle ``make dist`` puts in the wheel; absent from an editable install."""
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
    """No template: no packaged bundle, or a template repository without one."""


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


def bundle_versions(bundle: Path) -> list[Version]:
    """The template versions (tags ``v<version>``) in ``bundle``, oldest first."""
    heads = git("bundle", "list-heads", str(bundle), cwd=bundle.parent)
    tags = [line.partition(" refs/tags/v")[2] for line in heads.splitlines()]
    return sorted(version for tag in tags if (version := parse_version(tag)))


def parse_version(text: str) -> Version | None:
    """``text`` as a version (``"0.2.0"``, ``"v0.2"``); None when it is not one."""
    try:
        return Version(text.removeprefix("v")) if text else None
    except InvalidVersion:
        return None


def released_versions(checkout: Path, current: str) -> list[str]:
    """Release tags ``x.y`` of ``checkout`` older than ``current``, oldest first.

    A release's tag is also the version its wheel had (``make release``
    refuses any other), so it names that release's template: ``v<x.y>``.
    """
    return [tag for tag in release_tags(checkout) if Version(tag) < Version(current)]


def _export_service(checkout: Path, tag: str, out_dir: Path) -> Path:
    """The reference service as it was at the release tag ``tag``, unpacked."""
    archive = subprocess.run(  # noqa: S603 - fixed git arguments
        ["git", "archive", tag, SERVICE_IN_CHECKOUT.as_posix()],  # noqa: S607
        cwd=checkout,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(out_dir, filter="data")
    return out_dir / SERVICE_IN_CHECKOUT


def checkout_version(checkout: Path) -> str:
    """The version ``checkout`` builds: its ``pyproject.toml``'s."""
    pyproject = tomllib.loads((checkout / "pyproject.toml").read_text("utf-8"))
    return str(pyproject["project"]["version"])


def build_history(repo_path: Path, checkout: Path) -> TemplateRepository:
    """The template repository: every earlier release, then the current service."""
    current = checkout_version(checkout)
    repository = TemplateRepository(repo_path)
    for version in released_versions(checkout, current):
        with tempfile.TemporaryDirectory() as exported:
            repository.add_version(
                _export_service(checkout, version, Path(exported)), version
            )
    repository.add_version(checkout / SERVICE_IN_CHECKOUT, current)
    return repository


def write_bundle(out: Path, checkout: Path) -> None:
    """Build the template history from ``checkout`` into the bundle ``out``."""
    with tempfile.TemporaryDirectory() as repo:
        build_history(Path(repo), checkout).write_bundle(out)


def _require_checkout(checkout: Path) -> None:
    for needed in (SERVICE_IN_CHECKOUT, Path("pyproject.toml")):
        if not (checkout / needed).exists():
            raise TemplateUnavailableError(
                f"{checkout} is not an SOP checkout: it has no {needed}"
            )


def install_source(bundle: Path | None = None, checkout: Path | None = None) -> str:
    """Put the template bundle at :data:`SOURCE_URL`; return that URL.

    The bundle is ``bundle`` when given; else built now from the SOP checkout
    ``checkout`` (so a change to its reference service reaches the next
    ``new``); else the one the wheel carries (:data:`PACKAGED_BUNDLE`).
    """
    if bundle is None and checkout is not None:
        _require_checkout(checkout)
    elif bundle is None and not PACKAGED_BUNDLE.is_file():
        raise TemplateUnavailableError(
            "no template: this acacia-sop carries none (an editable install?); "
            "pass --template-repo with the path of an SOP checkout"
        )
    destination = Path(SOURCE_URL).expanduser()
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.{os.getpid()}")
    if bundle is not None:
        shutil.copyfile(bundle, partial)
    elif checkout is not None:
        write_bundle(partial, checkout)
    else:
        partial.write_bytes(PACKAGED_BUNDLE.read_bytes())
    partial.replace(destination)
    return SOURCE_URL


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m acacia_sop.starter.template_versions --repo DIR OUT.bundle``."""
    parser = argparse.ArgumentParser(
        prog="python -m acacia_sop.starter.template_versions",
        usage=argparse.SUPPRESS,
        description="Write every template version of an SOP checkout to a bundle.",
    )
    parser.add_argument("--repo", type=Path, required=True, help="the SOP checkout")
    parser.add_argument("out", type=Path, help="the bundle file to write")
    args = parser.parse_args(argv)
    try:
        _require_checkout(args.repo)
    except TemplateUnavailableError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    write_bundle(args.out, args.repo)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
