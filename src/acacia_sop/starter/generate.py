"""Generate a service (``new``) and bring it up to date (``upgrade``) with copier."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import copier
import yaml
from copier.errors import CopierError

from acacia_sop.starter.answers import ServiceAnswers
from acacia_sop.starter.template import ANSWERS_FILE
from acacia_sop.starter.template_versions import (
    bundle_versions,
    git,
    install_source,
    parse_version,
    tool_version,
)

CONFLICT_MARKER = "<<<<<<< "


class StarterError(Exception):
    """Input or state the starter refuses; reported on one line, exit code 2."""


@dataclass(frozen=True)
class UpgradeResult:
    """What ``upgrade`` changed and where it left conflicts."""

    changed: list[str]
    conflicts: list[str]


def _require_git() -> None:
    if shutil.which("git") is None:
        raise StarterError("git is not installed; the starter needs it (copier does)")


def _prepare_destination(destination: Path) -> list[Path]:
    """Check ``destination`` is empty and writable; return the folders created."""
    if destination.exists() and not destination.is_dir():
        raise StarterError(f"{destination} exists and is not a directory")
    if destination.is_dir() and any(destination.iterdir()):
        raise StarterError(f"{destination} exists and is not empty")
    created = [
        folder for folder in [destination, *destination.parents] if not folder.exists()
    ]
    try:
        destination.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=destination)  # noqa: SIM115
        probe.close()
    except OSError as error:
        _remove(created)
        raise StarterError(
            f"cannot write to {destination}: {error.strerror or error}"
        ) from None
    return created


def _remove(created: list[Path]) -> None:
    for folder in sorted(created, key=lambda path: len(path.parts), reverse=True):
        shutil.rmtree(folder, ignore_errors=True)


def _has_git_identity(folder: Path) -> bool:
    found = subprocess.run(
        ["git", "config", "user.email"],  # noqa: S607 - git from PATH
        cwd=folder,
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


def _initial_commit(destination: Path, answers: ServiceAnswers) -> None:
    """``git init`` and commit the generated tree, so ``upgrade`` can diff it.

    The commit is the user's when git knows who they are, else acacia-sop's.
    """
    git("init", "--quiet", "--initial-branch=main", cwd=destination)
    git("add", "--all", cwd=destination)
    message = f"chore: generate {answers.service_name} with acacia-sop {tool_version()}"
    as_user = _has_git_identity(destination)
    git("commit", "--quiet", "-m", message, cwd=destination, as_starter=not as_user)


def new_service(
    answers: ServiceAnswers,
    destination: Path,
    template: Path | None = None,
    checkout: Path | None = None,
) -> Path:
    """Generate the service described by ``answers`` into ``destination``.

    ``template`` is a template bundle, ``checkout`` an SOP checkout to build
    one from; by default, the bundle the wheel carries.
    """
    _require_git()
    created = _prepare_destination(destination)
    try:
        source = install_source(template, checkout)
        copier.run_copy(
            source,
            str(destination),
            data=answers.as_data(),
            defaults=True,
            quiet=True,
        )
        _initial_commit(destination, answers)
    except (CopierError, OSError, subprocess.CalledProcessError) as error:
        _remove(created) if created else _empty(destination)
        reason = str(error).strip().splitlines()[0] if str(error).strip() else error
        raise StarterError(f"cannot generate {destination}: {reason}") from None
    except BaseException:
        _remove(created) if created else _empty(destination)
        raise
    return destination


def _empty(folder: Path) -> None:
    for child in folder.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()


def _changed_files(service: Path) -> list[str]:
    status = git("status", "--porcelain", "--untracked-files=all", cwd=service)
    return sorted(line[3:] for line in status.splitlines() if line.strip())


def _has_conflict(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return any(line.startswith(CONFLICT_MARKER) for line in text.splitlines())


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _restore(service: Path) -> None:
    """Undo a failed update: the tree was clean before it started."""
    git("reset", "--quiet", "--hard", cwd=service)
    git("clean", "--quiet", "--force", "-d", cwd=service)


def _require_known_version(service: Path, bundle: Path, checkout: Path | None) -> None:
    """Refuse a service made from a newer template than ``bundle`` holds."""
    try:
        answers = yaml.safe_load((service / ANSWERS_FILE).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or "not YAML"
        raise StarterError(f"{service / ANSWERS_FILE}: {problem}") from None
    commit = answers.get("_commit", "") if isinstance(answers, dict) else ""
    used = parse_version(str(commit))
    known = bundle_versions(bundle)
    if used is None or not known or used <= known[-1]:
        return
    holder = f"the SOP checkout {checkout}" if checkout else "this acacia-sop"
    remedy = (
        "update that checkout"
        if checkout
        else f"install acacia-sop {used} or newer (pip install -U --index-url "
        '"$ACACIA_PYTHON_INDEX" acacia-sop)'
    )
    raise StarterError(
        f"{service} uses template {used}; {holder} knows up to {known[-1]}: {remedy}"
    )


def upgrade_service(
    service: Path, template: Path | None = None, checkout: Path | None = None
) -> UpgradeResult:
    """Update ``service`` to the newest template version (as :func:`new_service`).

    Changes to files the team also changed are merged; where both changed
    the same lines, the file keeps both sides between conflict markers.
    """
    _require_git()
    if not (service / ANSWERS_FILE).is_file():
        raise StarterError(
            f"{service} was not generated by acacia-sop new (no {ANSWERS_FILE})"
        )
    if _changed_files(service):
        raise StarterError(
            f"{service} has uncommitted changes; commit or stash them, then upgrade"
        )
    source = install_source(template, checkout)
    _require_known_version(service, Path(source).expanduser(), checkout)
    try:
        copier.run_update(
            str(service),
            defaults=True,
            overwrite=True,
            quiet=True,
            conflict="inline",
            skip_answered=True,
        )
    except (CopierError, ValueError, OSError) as error:
        _restore(service)
        raise StarterError(
            f"cannot upgrade {service}: {_first_line(error)}; nothing was changed"
        ) from None
    changed = _changed_files(service)
    conflicts = [path for path in changed if _has_conflict(service / path)]
    return UpgradeResult(changed=changed, conflicts=conflicts)
