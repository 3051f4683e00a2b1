"""Code quality: ruff configuration, type hints and naming."""

from __future__ import annotations

import re
from typing import Any

from acacia_sop.checker import ruff
from acacia_sop.checker.model import Finding, NotChecked
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.rules._text import line_of

LINE_LENGTH = 88
NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z0-9, ]+))?", re.IGNORECASE)
FLAKE8_LENGTH = re.compile(r"^\s*max[-_]line[-_]length\s*=\s*(\d+)", re.MULTILINE)


def ruff_config(repo: ServiceRepo) -> tuple[str, dict[str, Any]] | None:
    """Where ruff is configured and its settings: ruff.toml or pyproject.toml."""
    for name in ("ruff.toml", ".ruff.toml"):
        config = repo.toml(name)
        if config is not None:
            return name, config
    config = repo.tool_config("ruff")
    return ("pyproject.toml", config) if config is not None else None


@check(
    "STR-04",
    "[tool.ruff] in pyproject.toml or a ruff.toml",
)
def check_ruff_configured(repo: ServiceRepo) -> list[Finding]:
    """STR-04: ruff is configured for the repository."""
    if ruff_config(repo) is not None:
        return []
    return [
        Finding(
            "pyproject.toml",
            None,
            "ruff is not configured: add [tool.ruff] (line-length = 88) and "
            "[tool.ruff.lint] select",
        )
    ]


def _other_line_length(repo: ServiceRepo) -> tuple[str, object] | None:
    """(file, length) set for black or flake8 when ruff is not configured."""
    black = repo.tool_config("black")
    if black is not None:
        return "pyproject.toml", black.get("line-length", LINE_LENGTH)
    for file in ("setup.cfg", ".flake8", "tox.ini"):
        match = FLAKE8_LENGTH.search(repo.text(file) or "")
        if match:
            return file, int(match[1])
    return None


def _long_by_exception(line: str) -> bool:
    noqa = NOQA.search(line)
    if noqa and (not noqa["codes"] or "E501" in noqa["codes"]):
        return True
    words = line.split()
    return len(words) == 1 or "://" in words[-1]


def _long_lines(repo: ServiceRepo) -> list[Finding]:
    """With no line length configured: each file with lines over 88 columns,
    excepting what ruff's E501 excepts (a line of one word or ending with a
    URL, and ``# noqa`` or ``# noqa: E501``)."""
    findings = []
    for file in repo.python_files:
        long = [
            number
            for number, line in enumerate((repo.text(file) or "").splitlines(), 1)
            if len(line) > LINE_LENGTH and not _long_by_exception(line)
        ]
        if long:
            findings.append(
                Finding(
                    file,
                    long[0],
                    f"{len(long)} line(s) over {LINE_LENGTH} columns: set "
                    f"[tool.ruff] line-length = {LINE_LENGTH} and run ruff format",
                )
            )
    return findings


@check(
    "STY-02",
    "the line length ruff is configured with (88, its default), or black's or "
    "flake8's when ruff is not configured, or else the lines themselves",
)
def check_line_length(repo: ServiceRepo) -> list[Finding]:
    """STY-02: the line length is 88, set where ruff reads it."""
    found = ruff_config(repo)
    if found is None:
        other = _other_line_length(repo)
        if other is None:
            return _long_lines(repo)
        file, length = other
    else:
        file, config = found
        length = config.get("line-length", LINE_LENGTH)
    if length == LINE_LENGTH:
        return []
    return [
        Finding(
            file,
            line_of(repo.text(file), "line-length"),
            f"line-length is {length}: set `line-length = {LINE_LENGTH}`",
        )
    ]


@check(
    "STY-01",
    "ruff's ANN rules on every function (parameters, not self/cls, and return "
    "type); a Python file that does not parse is reported here (no check can "
    "read it), unless it needs a newer Python than the checker's",
)
def check_type_hints(repo: ServiceRepo) -> list[Finding]:
    """STY-01: every function annotates its parameters and return type.

    A Python file that does not parse can't be checked by any rule; it is
    reported here, once, unless the service needs a newer Python than the
    one running the checker (then it is unknown, see the note).
    """
    if not repo.python_files:
        raise NotChecked("no Python file")
    findings: list[Finding] = []
    if not repo.needs_newer_python:
        findings.extend(
            Finding(
                file,
                line,
                f"does not parse ({reason}): fix it; no check can read this file",
            )
            for file, (line, reason) in repo.parse_errors.items()
        )
    return findings + ruff.findings(repo, "STY-01", "annotate it")


@check(
    "STY-04",
    "ruff's pep8-naming (N) rules, honouring the service's ignore-names: "
    "snake_case modules and functions, PascalCase classes",
)
def check_naming(repo: ServiceRepo) -> list[Finding]:
    """STY-04: snake_case modules and functions, PascalCase classes."""
    if not repo.python_files:
        raise NotChecked("no Python file")
    return ruff.findings(repo, "STY-04", "rename it")
