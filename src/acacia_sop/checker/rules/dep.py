"""DEP-xx: the Dockerfile template, the Cloud Build files and the dependency lock."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from dockerfile_parse import DockerfileParser

from acacia_sop.checker.model import Finding, NotChecked
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.rules._locks import (
    compare_versions,
    declared_in_pipfile,
    declared_in_pyproject,
    declared_in_requirements,
    is_lock,
    own_lock,
    requirement_files,
    toml_lock_files,
)
from acacia_sop.checker.rules._text import line_of

BASE_IMAGE = "python:3.11-slim"


PORT_ARGUMENT = re.compile(r"--port[ =]\$\{?PORT\}?")


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction: its keyword, its arguments and first line."""

    keyword: str
    arguments: str
    line: int


def dockerfile_instructions(text: str) -> list[Instruction]:
    """A Dockerfile's instructions, comments dropped, read by dockerfile-parse.

    Continuation lines are joined and runs of spaces collapsed.
    """
    parser = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")))
    return [
        Instruction(
            item["instruction"].upper(),
            " ".join(item["value"].split()),
            item["startline"] + 1,
        )
        for item in parser.structure
        if item["instruction"] != "COMMENT"
    ]


def _base_image(instructions: list[Instruction]) -> str | None:
    """The image the final stage is built on, through ``FROM stage`` aliases."""
    stages: dict[str, str] = {}
    image = None
    for instruction in instructions:
        if instruction.keyword != "FROM":
            continue
        words = [w for w in instruction.arguments.split() if not w.startswith("--")]
        image = stages.get(words[0].lower(), words[0]) if words else None
        if image is not None and len(words) == 3 and words[1].lower() == "as":
            stages[words[2].lower()] = image
    return image


def find_dockerfile(repo: ServiceRepo) -> str | None:
    """``Dockerfile`` (or Podman's ``Containerfile``) here or up to the
    repository root, else the service's nearest ``Dockerfile.*``,
    ``*.dockerfile`` or lower-case ``dockerfile``."""
    found = repo.find_up("Dockerfile") or repo.find_up("Containerfile")
    if found is not None:
        return found
    variants = [
        file
        for pattern in ("[Dd]ockerfile*", "*.[Dd]ockerfile", "Containerfile*")
        for file in repo.files_matching(pattern)
    ]
    return min(variants, key=lambda f: (f.count("/"), f)) if variants else None


@check(
    "DEP-11",
    looks_at=(
        "FROM python:3.11-slim, HEALTHCHECK on /api/v1/health, CMD uvicorn app.main:app"
        " --port ${PORT} --workers"
    ),
)
def check_dockerfile(repo: ServiceRepo) -> list[Finding]:
    """DEP-11: base image, HEALTHCHECK and uvicorn CMD follow the template."""
    dockerfile = find_dockerfile(repo)
    text = repo.text(dockerfile) if dockerfile else None
    if dockerfile is None or text is None:
        return [Finding("Dockerfile", None, "missing: add the SOP Dockerfile")]
    instructions = dockerfile_instructions(text)
    findings = []
    bases = [i for i in instructions if i.keyword == "FROM"]
    if _base_image(instructions) != BASE_IMAGE:
        findings.append(
            Finding(
                dockerfile,
                bases[-1].line if bases else None,
                f"base image: use FROM {BASE_IMAGE}",
            )
        )
    health = [i for i in instructions if i.keyword == "HEALTHCHECK"]
    if not any("/api/v1/health" in i.arguments for i in health):
        findings.append(
            Finding(
                dockerfile,
                health[0].line if health else None,
                "add HEALTHCHECK CMD curl -f http://localhost:${PORT}"
                "/api/v1/health || exit 1",
            )
        )
    commands = [i for i in instructions if i.keyword == "CMD"]
    command = commands[-1] if commands else None
    problems = []
    if command is None or "uvicorn app.main:app" not in command.arguments:
        problems.append("run `uvicorn app.main:app`")
    if command is None or not PORT_ARGUMENT.search(command.arguments):
        problems.append("pass --port ${PORT}")
    if command is None or "--workers" not in command.arguments:
        problems.append("set --workers")
    if problems:
        findings.append(
            Finding(
                dockerfile,
                command.line if command else None,
                "CMD: " + ", ".join(problems),
            )
        )
    return findings


def _steps(repo: ServiceRepo, file: str) -> list[str] | None:
    """Each step of a Cloud Build file as one string of its name and arguments."""
    document = repo.yaml(file)
    if not isinstance(document, dict) or not isinstance(document.get("steps"), list):
        return None
    steps = []
    for step in document["steps"]:
        if isinstance(step, dict):
            args = step.get("args", [])
            words = args if isinstance(args, list) else [args]
            extra = [step.get("entrypoint", ""), step.get("script", "")]
            steps.append(" ".join(str(w) for w in [*words, *extra] if w))
    return steps


def _pipeline_findings(repo: ServiceRepo, file: str) -> list[Finding]:
    steps = _steps(repo, file)
    if steps is None:
        return [
            Finding(
                file, None, "missing or has no steps: add build, push and deploy steps"
            )
        ]
    wanted: dict[str, Callable[[str], bool]] = {
        "build": lambda s: s.split()[:1] == ["build"] or " build " in f" {s} ",
        "push": lambda s: s.split()[:1] == ["push"],
        "deploy": lambda s: "deploy" in s.split(),
    }
    return [
        Finding(file, None, f"no {name} step: add one (see the SOP's cloudbuild.yaml)")
        for name, matches in wanted.items()
        if not any(matches(step) for step in steps)
    ]


@check(
    "DEP-12",
    looks_at="the steps of cloudbuild.yaml",
)
def check_cloudbuild(repo: ServiceRepo) -> list[Finding]:
    """DEP-12: ``cloudbuild.yaml`` builds, pushes and deploys."""
    return _pipeline_findings(repo, "cloudbuild.yaml")


@check(
    "DEP-10",
    looks_at="the steps of cloudbuild-staging.yaml",
)
def check_cloudbuild_staging(repo: ServiceRepo) -> list[Finding]:
    """DEP-10: ``cloudbuild-staging.yaml`` builds, pushes and deploys staging."""
    return _pipeline_findings(repo, "cloudbuild-staging.yaml")


@check(
    "DEP-14",
    looks_at="the deploy steps of both Cloud Build files",
)
def check_deploy_secrets(repo: ServiceRepo) -> list[Finding]:
    """DEP-14: every deploy step passes secrets with ``--set-secrets``."""
    findings = []
    pipelines = {
        file: _steps(repo, file)
        for file in ("cloudbuild.yaml", "cloudbuild-staging.yaml")
    }
    if not any(pipelines.values()):
        raise NotChecked("no Cloud Build file with steps")
    for file, steps in pipelines.items():
        for step in steps or []:
            if "deploy" in step.split() and "--set-secrets" not in step:
                findings.append(
                    Finding(
                        file,
                        line_of(repo.text(file), "deploy"),
                        "deploy step without --set-secrets: pass MONGO_URI and "
                        "SECRET_KEY from Secret Manager",
                    )
                )
    return findings


@check(
    "DEP-19",
    looks_at=(
        "requirements*.txt/.in and pyproject.toml dependencies against "
        "requirements*.lock, compiled requirements files, uv.lock, poetry.lock, "
        "pdm.lock"
    ),
)
def check_lock(repo: ServiceRepo) -> list[Finding]:
    """DEP-19: every declared dependency is locked, at a version it allows.

    ``requirements*`` declarations are compared with the requirement-style
    locks (uv.lock, poetry.lock and pdm.lock never read them);
    ``pyproject.toml`` ones with every lock.
    """
    compiled = [f for f in requirement_files(repo) if is_lock(repo, f)]
    every = compiled + toml_lock_files(repo)
    if not every:
        raise NotChecked(
            "no lock (requirements*.lock, a compiled requirements file, uv.lock, "
            "poetry.lock, pdm.lock or Pipfile.lock): nothing to compare the "
            "declarations with"
        )
    pairs = [(declared_in_pyproject(repo) + declared_in_pipfile(repo), every)]
    if compiled:
        declared = declared_in_requirements(repo)
        pairs[:0] = [
            ([item for item in declared if item.file == file], own_lock(file, compiled))
            for file in sorted({item.file for item in declared})
        ]
    if not any(declared for declared, _ in pairs):
        if not compiled and declared_in_requirements(repo):
            raise NotChecked(
                "the requirements files have no lock of their own "
                f"({', '.join(every)}: not compiled from them) and no "
                "dependency is declared in pyproject.toml or a Pipfile"
            )
        locks = ", ".join(every)
        raise NotChecked(f"no dependency declared besides the lock ({locks})")
    findings: list[Finding] = []
    for declared, files in pairs:
        findings.extend(compare_versions(repo, declared, files))
    return sorted(set(findings), key=lambda f: (f.file, f.line or 0, f.message))
