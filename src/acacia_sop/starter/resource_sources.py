"""Where a service's resource pattern is read: the template it was generated from.

A generated service names its template version in ``.copier-answers.yml``
(``_commit``); the pattern files are read from that version of the template
bundle, so a team that changed or removed its own ``orders`` still adds a
resource exactly as its template wrote ``orders``. The reference service,
which has no answers file, is its own pattern.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import yaml

from acacia_sop.starter.resource_pattern import PATTERN_FILES
from acacia_sop.starter.resource_spec import ResourceSpecError
from acacia_sop.starter.template import ANSWERS_FILE, TEMPLATE_SUBDIRECTORY
from acacia_sop.starter.template_versions import git, install_source


def template_version(service: Path) -> str | None:
    """The template tag ``service`` was generated from; None for the reference."""
    answers = service / ANSWERS_FILE
    if not answers.is_file():
        return None
    try:
        data = yaml.safe_load(answers.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ResourceSpecError(f"cannot read {answers}: {error}") from None
    commit = data.get("_commit") if isinstance(data, dict) else None
    if not isinstance(commit, str) or not commit:
        raise ResourceSpecError(f"{answers} names no template version (_commit)")
    return commit


def _read_own(service: Path) -> dict[str, str]:
    missing = [path for path in PATTERN_FILES if not (service / path).is_file()]
    if missing:
        raise ResourceSpecError(
            f"{service} has no {missing[0]}: the reference service's orders are "
            "the pattern of a new resource"
        )
    return {
        path: (service / path).read_text(encoding="utf-8") for path in PATTERN_FILES
    }


def _read_template(
    version: str, template: Path | None, checkout: Path | None
) -> dict[str, str]:
    bundle = Path(install_source(template, checkout)).expanduser()
    with tempfile.TemporaryDirectory() as clone:
        try:
            git("clone", "--quiet", "--bare", str(bundle), clone, cwd=Path(clone))
        except subprocess.CalledProcessError as error:
            reason = (error.stderr or "").strip().splitlines() or ["git failed"]
            raise ResourceSpecError(
                f"cannot read the template bundle {bundle}: {reason[-1]}"
            ) from None
        try:
            git(
                "rev-parse",
                "--verify",
                "--quiet",
                f"{version}^{{commit}}",
                cwd=Path(clone),
            )
        except subprocess.CalledProcessError:
            raise ResourceSpecError(
                f"this acacia-sop has no template {version}, the service's: "
                "install a newer acacia-sop"
            ) from None
        sources: dict[str, str] = {}
        for path in PATTERN_FILES:
            try:
                sources[path] = git(
                    "show", f"{version}:{TEMPLATE_SUBDIRECTORY}/{path}", cwd=Path(clone)
                )
            except subprocess.CalledProcessError:
                raise ResourceSpecError(
                    f"template {version} has no {path}: run acacia-sop upgrade first"
                ) from None
    return sources


def pattern_sources(
    service: Path, template: Path | None = None, checkout: Path | None = None
) -> dict[str, str]:
    """The text of every pattern file for ``service`` (see the module's doc).

    ``template`` and ``checkout`` choose the template bundle as for
    ``acacia-sop new``; by default, the one the wheel carries.
    """
    version = template_version(service)
    if version is None:
        return _read_own(service)
    return _read_template(version, template, checkout)
