"""TST-xx: pytest with async support and a coverage threshold."""

from __future__ import annotations

import configparser
import re
from typing import Any

from acacia_sop.checker.model import Finding
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, is_test_file
from acacia_sop.checker.rules._text import line_of

MIN_COVERAGE = 80


FAIL_UNDER = re.compile(r"--(?:cov-)?fail-under[= ](?P<value>\d+(?:\.\d+)?)")


NUMBER = re.compile(r"\d+(?:\.\d+)?")


TOX_FILES = ("tox.ini",)


INI_FILES = {
    "pytest.ini": "pytest",
    "setup.cfg": "tool:pytest",
    "tox.ini": "pytest",
}


COVERAGE_FILES = {  # coverage.py reads both section names in .coveragerc
    ".coveragerc": ("report", "coverage:report"),
    "setup.cfg": ("coverage:report",),
    "tox.ini": ("coverage:report",),
}


def _ini(repo: ServiceRepo, file: str) -> configparser.ConfigParser | None:
    text = repo.text(file)
    if text is None:
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return parser


def pytest_options(repo: ServiceRepo) -> tuple[str, dict[str, Any]] | None:
    """The pytest configuration: its file and options."""
    tool = repo.tool_config("pytest")
    options = tool.get("ini_options") if tool else None
    if isinstance(options, dict):
        return "pyproject.toml", options
    for file, section in INI_FILES.items():
        parser = _ini(repo, file)
        if parser is not None and parser.has_section(section):
            return file, dict(parser.items(section))
    return None


def _dependency_text(repo: ServiceRepo) -> str:
    files = sorted(p.name for p in repo.root.glob("requirements*.txt"))
    return "\n".join(repo.text(f) or "" for f in [*files, "pyproject.toml"])


ANYIO_MARKERS = ("pytest.mark.anyio", "anyio_backend")


def _uses_anyio(repo: ServiceRepo) -> bool:
    """Whether the tests run async code with AnyIO's pytest plugin."""
    return any(
        marker in (repo.text(file) or "")
        for file in repo.python_files
        if is_test_file(file)
        for marker in ANYIO_MARKERS
    )


@check(
    "TST-05",
    looks_at=(
        "pytest configuration with asyncio_mode, or pytest-asyncio, or AnyIO's pytest "
        "plugin (anyio-marked tests or an anyio_backend fixture)"
    ),
)
def check_pytest_async(repo: ServiceRepo) -> list[Finding]:
    """TST-05: pytest is configured and runs async tests."""
    found = pytest_options(repo)
    if found is None:
        return [
            Finding(
                "pyproject.toml",
                None,
                "pytest is not configured: add "
                '[tool.pytest.ini_options] with asyncio_mode = "auto"',
            )
        ]
    file, options = found
    dependencies = _dependency_text(repo).lower()
    if "asyncio_mode" in options or "pytest-asyncio" in dependencies:
        return []
    if _uses_anyio(repo):  # anyio itself comes with Starlette: only its marks count
        return []
    return [
        Finding(
            file,
            None,
            'no async support: set asyncio_mode = "auto" and '
            "add pytest-asyncio to the dev requirements",
        )
    ]


def _thresholds(repo: ServiceRepo) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []
    options = pytest_options(repo)
    if options is not None:
        addopts = options[1].get("addopts", "")
        text = " ".join(addopts) if isinstance(addopts, list) else str(addopts)
        found.extend((options[0], float(m["value"])) for m in FAIL_UNDER.finditer(text))
    report = (repo.tool_config("coverage") or {}).get("report", {})
    if isinstance(report, dict) and "fail_under" in report:
        found.append(("pyproject.toml", float(report["fail_under"])))
    for file, sections in COVERAGE_FILES.items():
        parser = _ini(repo, file)
        values = (
            [parser.get(s, "fail_under", fallback="") for s in sections]
            if parser
            else []
        )
        found.extend(
            (file, float(number[0]))
            for value in values
            if (number := NUMBER.match(value))
        )
    for file in TOX_FILES:  # tox runs `pytest --cov-fail-under` or `coverage report`
        text = repo.text(file) or ""
        found.extend((file, float(m["value"])) for m in FAIL_UNDER.finditer(text))
    return found


@check(
    "TST-04",
    looks_at=(
        "--cov-fail-under in addopts or tox's commands, or coverage's fail_under "
        "(pyproject.toml, .coveragerc, setup.cfg, tox.ini)"
    ),
)
def check_coverage_threshold(repo: ServiceRepo) -> list[Finding]:
    """TST-04: the test run fails under 80 % coverage."""
    thresholds = _thresholds(repo)
    if not thresholds:
        return [
            Finding(
                "pyproject.toml",
                None,
                "no coverage threshold: add "
                f"--cov-fail-under={MIN_COVERAGE} to pytest's addopts",
            )
        ]
    file, best = max(thresholds, key=lambda pair: pair[1])
    if best >= MIN_COVERAGE:
        return []
    return [
        Finding(
            file,
            line_of(repo.text(file), "fail"),
            f"coverage threshold is {best:g} %: raise it to {MIN_COVERAGE} or more",
        )
    ]
