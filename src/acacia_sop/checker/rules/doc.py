"""DOC-xx: the README's set-up instructions and Mermaid diagrams."""

from __future__ import annotations

import os
import re
from pathlib import Path

from acacia_sop.checker.model import Finding
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.rules.str import settings_read

VARIABLES = re.compile(r"\.env\b|environment variable|env var", re.IGNORECASE)
"""Where the README says which variables to set (asked only of a service that
reads some)."""

README_PARTS = (
    (VARIABLES, "which variables to set: point to .env.example"),
    (
        re.compile(
            r"pytest|make test|\btox\b|\bnox\b|run(?:ning)? (?:the )?tests",
            re.IGNORECASE,
        ),
        "how to run the tests (e.g. `pytest`)",
    ),
)


FENCES = ("```", "~~~")


README_NAMES = ("readme.md", "readme.rst", "readme.txt", "readme")


TITLE = re.compile(r"^#{1,6} \S|^<h1", re.MULTILINE)


# Inline code that runs something: a script path or a command and its argument
# (`./scripts/setup.sh`, `pip install -r requirements.txt`, `make test`).
INLINE_COMMAND = re.compile(r"`(?:\.{0,2}/[\w./-]+|[\w.-]+ [^`]+)`")


def _has_commands(text: str) -> bool:
    """A fenced block of commands (any fence but a diagram), or commands as
    inline code (two at least: to install and to run)."""
    fences = [
        line.strip() for line in text.splitlines() if line.strip().startswith(FENCES)
    ]
    if any("mermaid" not in fence for fence in fences[::2]):
        return True
    return len(INLINE_COMMAND.findall(text)) >= 2


def _readmes(repo: ServiceRepo) -> list[str]:
    """Each README (``README.md``, ``readme.md``, ``README.rst``...) from the
    service's folder up to the repository root, nearest first."""
    return [
        Path(os.path.relpath(path, repo.root)).as_posix()
        for folder in repo.folders
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name.lower() in README_NAMES
    ]


@check(
    "DOC-01",
    looks_at=(
        "README.md: a title, set-up commands (a fenced block, or inline code), the "
        "variables to set (when the service reads any) and how to run the tests"
    ),
)
def check_readme(repo: ServiceRepo) -> list[Finding]:
    """DOC-01: ``README.md`` says what the service is, how to install and run
    it, which variables to set and how to run its tests."""
    readmes = _readmes(repo)
    readme = readmes[0] if readmes else None
    text = repo.text(readme) if readme else None
    if readme is None or text is None:
        return [Finding("README.md", None, "missing: add a README with set-up steps")]
    findings = []
    if not TITLE.search(text) and not re.search(r"^(?:=+|-+)\s*$", text, re.M):
        findings.append(Finding(readme, 1, "add a title saying what the service is"))
    if not _has_commands(text):
        findings.append(
            Finding(
                readme,
                None,
                "no set-up commands: add a ```bash block with how to install, "
                "run and test the service",
            )
        )
    above = "\n".join(repo.text(f) or "" for f in readmes)
    reads_variables = bool(settings_read(repo))
    findings.extend(  # a monorepo's README may say it for every service
        Finding(readme, None, f"does not say {what}")
        for pattern, what in README_PARTS
        if not pattern.search(above) and (reads_variables or pattern is not VARIABLES)
    )
    return findings


def documentation_pages(repo: ServiceRepo) -> list[str]:
    """README.md (here or up to the repository root) and pages under ``docs/``."""
    pages = _readmes(repo)[:1]
    docs = repo.root / "docs"
    if docs.is_dir():
        pages.extend(
            p.relative_to(repo.root).as_posix() for p in sorted(docs.rglob("*.md"))
        )
    return pages


@check(
    "DOC-13",
    looks_at="a ```mermaid block in README.md or docs/",
)
def check_mermaid(repo: ServiceRepo) -> list[Finding]:
    """DOC-13: the documentation draws at least one Mermaid diagram."""
    if any("```mermaid" in (repo.text(p) or "") for p in documentation_pages(repo)):
        return []
    return [
        Finding(
            "README.md",
            None,
            "no Mermaid diagram in README.md or docs/: add a ```mermaid block "
            "showing the architecture or data flow",
        )
    ]
