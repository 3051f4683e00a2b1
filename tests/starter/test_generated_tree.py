"""A generated repository holds the reference service's tracked files, nothing else.

The template is built from the reference service's folder as it is on disk
(minus what its ``.gitignore`` ignores), so a cache a tool left there, or a
file committed by mistake, would reach every generated service: both fail here.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from acacia_sop.starter.template import ANSWERS_FILE
from tests.conftest import ROOT
from tests.starter.conftest import REFERENCE

UNINTENDED = re.compile(
    r"(^|/)("
    r"__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.hypothesis"
    r"|\.schemathesis|\.venv|\.data|htmlcov|\.coverage(\..*)?|coverage\.xml"
    r"|\.env(?!\.example$)(\..*)?|sop-check\.(sarif|status)|.*\.py[cod]"
    r")(/|$)"
)
"""Caches, tool output, local databases and secrets: never in a repository."""
ADDED_BY_THE_STARTER = {ANSWERS_FILE}


def _tracked(repo: Path, *paths: str) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--", *paths],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return listed.splitlines()


def _reference_tracked() -> set[str]:
    prefix = f"{REFERENCE.relative_to(ROOT).as_posix()}/"
    return {
        path.removeprefix(prefix) for path in _tracked(ROOT, prefix.removesuffix("/"))
    }


def test_the_generated_tree_is_the_reference_services_tracked_files(
    generated: Path,
) -> None:
    files = set(_tracked(generated))

    assert files - _reference_tracked() == ADDED_BY_THE_STARTER
    assert _reference_tracked() - files == set()


def test_no_cache_tool_output_or_secret_is_tracked(generated: Path) -> None:
    tracked = [*_tracked(generated), *_reference_tracked()]

    assert [path for path in tracked if UNINTENDED.search(path)] == []


def test_the_pattern_catches_what_it_must() -> None:
    caught = [
        ".schemathesis/default/cache/crashes/manifest.json",
        "app/__pycache__/main.cpython-311.pyc",
        ".coverage",
        ".coverage.host.1",
        ".env",
        ".env.development",
        ".hypothesis/examples/x",
        "sop-check.sarif",
    ]
    kept = [".env.example", "app/main.py", "tests/test_deployment.py", "Makefile"]

    assert [path for path in caught if not UNINTENDED.search(path)] == []
    assert [path for path in kept if UNINTENDED.search(path)] == []
