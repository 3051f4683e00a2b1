"""WF-xx: the service's own ruff and mypy, run with ``--run-tools``."""

from __future__ import annotations

import re
import subprocess
import sys

from acacia_sop.checker.model import Finding
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo

TOOL_LINE = re.compile(
    r"^(?P<file>[^:\s][^:]*\.pyi?):(?P<line>\d+):(?:\d+:)? (?P<message>.+)$"
)


MAX_FINDINGS = 20


MYPY_TARGETS = ("app", "tests", "migrations", "scripts")


TIMEOUT_SECONDS = 600


def _run(repo: ServiceRepo, args: list[str]) -> tuple[int, str]:
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, our interpreter
            [sys.executable, "-m", *args],
            cwd=repo.root,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return 1, f"could not run {args[0]}: {error}"
    return done.returncode, done.stdout + done.stderr


def _findings(tool: str, output: str, fix: str) -> list[Finding]:
    findings = []
    for line in output.splitlines():
        match = TOOL_LINE.match(line.strip())
        if match:
            findings.append(
                Finding(
                    match["file"], int(match["line"]), f"{tool}: {match['message']}"
                )
            )
    if not findings:
        last = next((x for x in reversed(output.splitlines()) if x.strip()), "")
        findings.append(Finding(".", None, f"{tool} failed: {last.strip()} ({fix})"))
    return findings[:MAX_FINDINGS]


@check(
    "WF-01",
    looks_at=(
        "`ruff check` and `ruff format --check` run in the service (with --run-tools)"
    ),
    tool=True,
)
def run_ruff(repo: ServiceRepo) -> list[Finding]:
    """WF-01: ``ruff check`` and ``ruff format --check`` pass."""
    findings = []
    code, output = _run(repo, ["ruff", "check", "--output-format", "concise", "."])
    if code != 0:
        findings.extend(_findings("ruff check", output, "run `ruff check --fix`"))
    code, output = _run(repo, ["ruff", "format", "--check", "."])
    if code != 0:
        findings.extend(
            Finding(
                line.split(":", 1)[1].strip(),
                None,
                "ruff format: reformat it with `ruff format`",
            )
            for line in output.splitlines()
            if line.startswith("Would reformat:")
        )
    return findings


@check(
    "WF-02",
    looks_at=(
        "[tool.mypy] strict = true; with --run-tools, mypy runs on app/, tests/, "
        "migrations/, scripts/"
    ),
)
def check_mypy_configured(repo: ServiceRepo) -> list[Finding]:
    """WF-02 (static): mypy is configured in strict mode."""
    config = repo.tool_config("mypy")
    ini = (repo.text("mypy.ini") or "") + (repo.text("setup.cfg") or "")
    if config is not None and config.get("strict") is True:
        return []
    if re.search(r"^\s*strict\s*=\s*(true|True|1)", ini, re.MULTILINE):
        return []
    return [
        Finding(
            "pyproject.toml",
            None,
            "mypy is not configured in strict mode: add [tool.mypy] strict = true",
        )
    ]


@check("WF-02", tool=True)
def run_mypy(repo: ServiceRepo) -> list[Finding]:
    """WF-02 (tool): mypy passes on the service's packages."""
    config = repo.tool_config("mypy") or {}
    targets = (
        []
        if config.get("files")
        else [t for t in MYPY_TARGETS if (repo.root / t).is_dir()]
    )
    code, output = _run(repo, ["mypy", *targets])
    return [] if code == 0 else _findings("mypy", output, "fix the type errors")
