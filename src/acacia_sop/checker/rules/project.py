"""Project set-up: layout, ``.env.example``, ``.gitignore``, README, diagrams."""

from __future__ import annotations

import ast
import os
import re
from fnmatch import fnmatch
from pathlib import Path

from acacia_sop.checker.astutil import (
    dotted,
    keyword,
    last_name,
    module_constants,
    string_value,
)
from acacia_sop.checker.model import Finding, NotChecked
from acacia_sop.checker.names import resolve_class
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, module_name

REQUIRED_LAYOUT = (
    "app/__init__.py",
    "app/main.py",
    "app/core/__init__.py",
    "app/core/config.py",
    "app/core/security.py",
    "app/core/database.py",
    "app/api/__init__.py",
    "app/api/dependencies.py",
    "app/api/v1/__init__.py",
    "app/api/v1/router.py",
    "app/api/v1/endpoints/__init__.py",
    "app/api/v1/endpoints/health.py",
    "app/models/__init__.py",
    "app/models/common.py",
    "app/schemas/__init__.py",
    "app/schemas/common.py",
    "app/services/__init__.py",
    "app/utils/__init__.py",
    "app/utils/helpers.py",
    "tests/__init__.py",
    "tests/conftest.py",
    "tests/test_main.py",
    "tests/test_api/",
    "tests/test_services/",
    "requirements.txt",
)
GITIGNORE_MUST_IGNORE = {  # what a finding names -> paths, one must be ignored
    ".venv/": (".venv/", "venv/", "env/"),
    "__pycache__/": ("__pycache__/module.cpython-311.pyc",),  # or *.pyc does it
    ".env": (".env",),
    ".env.*": (".env.production",),
    ".pytest_cache/": (".pytest_cache/",),
    ".mypy_cache/": (".mypy_cache/",),
    ".ruff_cache/": (".ruff_cache/",),
    ".coverage": (".coverage",),
}
ENV_LINE = re.compile(r"^\s*(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=")


@check(
    "STR-01",
    "the app/ and tests/ folders and files of the SOP layout, and requirements.txt",
)
def check_layout(repo: ServiceRepo) -> list[Finding]:
    """STR-01: every folder and file of the mandatory layout exists."""
    return [
        Finding(path.rstrip("/"), None, f"missing: create `{path}` (SOP layout)")
        for path in REQUIRED_LAYOUT
        if not repo.exists(path.rstrip("/"))
    ]


ENV_READERS = ("getenv", "config")  # os.getenv("X"), decouple's config("X")


def _settings_class(
    node: ast.ClassDef, repo: ServiceRepo, module: str, depth: int = 0
) -> bool:
    """A pydantic settings class: built on ``BaseSettings``, on a class named
    ``...Settings`` (Beanie's inner ``class Settings:`` has no base) or on the
    service's own class that is one (``class DatabaseConfig(BaseConfig)``)."""
    for base in node.bases:
        if (last_name(base) or "").endswith("Settings"):
            return True
        parent = resolve_class(repo, module, base) if depth < 3 else None
        if parent is not None:
            owner, parent_node = parent
            if _settings_class(parent_node, repo, owner, depth + 1):
                return True
    return False


def _env_prefix(node: ast.ClassDef) -> str:
    """``model_config = SettingsConfigDict(env_prefix="APP_")`` or pydantic 1's
    ``class Config: env_prefix = "APP_"``."""
    for item in node.body:
        if isinstance(item, ast.Assign) and isinstance(item.value, ast.Call):
            prefix = string_value(keyword(item.value, "env_prefix"))
        elif isinstance(item, ast.Assign) and isinstance(item.value, ast.Dict):
            pairs = zip(item.value.keys, item.value.values, strict=True)
            prefix = next(
                (string_value(v) for k, v in pairs if string_value(k) == "env_prefix"),
                None,
            )
        elif isinstance(item, ast.ClassDef) and item.name == "Config":
            prefix = _env_prefix(item) or string_value(
                module_constants(ast.Module(item.body, [])).get("env_prefix")
            )
        else:
            prefix = None
        if prefix:
            return prefix
    return ""


def _field_names(node: ast.ClassDef) -> list[tuple[str, int]]:
    """The environment variable of each field: its alias, or prefix + name."""
    prefix = _env_prefix(node)
    found = []
    for item in node.body:
        if not (
            isinstance(item, ast.AnnAssign)
            and isinstance(item.target, ast.Name)
            and item.target.id != "model_config"
            and "ClassVar" not in ast.unparse(item.annotation)
        ):
            continue
        alias = None
        if isinstance(item.value, ast.Call) and last_name(item.value.func) == "Field":
            alias = string_value(keyword(item.value, "validation_alias")) or (
                string_value(keyword(item.value, "alias"))
            )
        found.append((alias or prefix + item.target.id, item.lineno))
    return found


def settings_read(repo: ServiceRepo) -> list[tuple[str, str, int]]:
    """(variable, file, line) of every environment variable the service reads:
    settings-class fields and ``os.getenv``/``os.environ`` lookups."""
    found: list[tuple[str, str, int]] = []
    for file, tree in repo.trees(repo.application_files):
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and _settings_class(
                node, repo, module_name(file)
            ):
                found.extend((name, file, line) for name, line in _field_names(node))
            elif (
                isinstance(node, ast.Call)
                and node.args
                and (
                    last_name(node.func) in ENV_READERS
                    or (dotted(node.func) or "").endswith("environ.get")
                )
            ):
                name = string_value(node.args[0])
                found.extend([(name, file, node.lineno)] if name else [])
            elif isinstance(node, ast.Subscript) and (
                (dotted(node.value) or "").endswith("environ")
            ):
                name = string_value(node.slice)
                found.extend([(name, file, node.lineno)] if name else [])
    return found


@check(
    "STR-02",
    "`.env.example` against every variable the service reads: settings-class "
    "fields (with env_prefix and aliases) and os.getenv/os.environ lookups",
)
def check_env_example(repo: ServiceRepo) -> list[Finding]:
    """STR-02: ``.env.example`` exists and names every setting."""
    read = settings_read(repo)
    if not read:
        raise NotChecked("the service reads no environment variable")
    example = repo.find_up(".env.example")
    text = repo.text(example) if example else None
    if text is None:
        return [
            Finding(
                ".env.example",
                None,
                "missing: list every setting with a placeholder value and a comment",
            )
        ]
    listed = {
        m["name"].upper() for line in text.splitlines() if (m := ENV_LINE.match(line))
    }
    findings: list[Finding] = []
    for name, file, line in read:
        variable = name.upper()
        nested = any(listed_name.startswith(variable + "__") for listed_name in listed)
        if variable not in listed and not nested:  # APP__PORT sets app.port
            listed.add(variable)  # one finding per variable, where first read
            findings.append(
                Finding(
                    file,
                    line,
                    f"setting {variable} is not in {example}: add `{variable}=` "
                    "with a placeholder and a comment",
                )
            )
    return findings


def ignore_patterns(text: str | None) -> list[str]:
    """The patterns of a ``.gitignore`` (comments and blank lines dropped)."""
    return [
        line.strip()
        for line in (text or "").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def is_ignored(path: str, patterns: list[str]) -> bool:
    """Whether ``path`` is ignored: it, or a folder it is in, matches (last
    matching pattern wins, ``!`` negates)."""
    folders = path.rstrip("/").split("/")[:-1]
    for depth in range(1, len(folders) + 1):
        if _matches("/".join(folders[:depth]) + "/", patterns):
            return True
    return _matches(path, patterns)


def _matches(path: str, patterns: list[str]) -> bool:
    ignored = False
    name = path.rstrip("/")
    for pattern in patterns:
        negate = pattern.startswith("!")
        bare = pattern.lstrip("!").rstrip()
        directory_only = bare.endswith("/")
        if bare.endswith("/**"):  # everything inside: the directory is ignored
            bare, directory_only = bare.removesuffix("/**"), True
        while bare.startswith("**/"):  # at any depth, as a bare name is
            bare = bare.removeprefix("**/")
        bare = bare.strip("/")
        if not bare or (directory_only and not path.endswith("/")):
            continue
        if fnmatch(name, bare) or fnmatch(Path(name).name, bare):
            ignored = not negate
    return ignored


@check(
    "STR-03",
    ".gitignore ignores bytecode, tool caches, coverage data and `.env` but not "
    "`.env.example`",
)
def check_gitignore(repo: ServiceRepo) -> list[Finding]:
    """STR-03: ``.gitignore`` ignores caches, bytecode, coverage and ``.env``."""
    gitignore = repo.find_up(".gitignore")
    if gitignore is None:
        return [Finding(".gitignore", None, "missing: add a Python .gitignore")]
    patterns = [
        pattern
        for file in reversed(repo.find_all_up(".gitignore"))  # outermost first
        for pattern in ignore_patterns(repo.text(file))
    ]
    findings = [
        Finding(gitignore, None, f"does not ignore `{shown}`: add a pattern for it")
        for shown, paths in GITIGNORE_MUST_IGNORE.items()
        if not any(is_ignored(path, patterns) for path in paths)
    ]
    if is_ignored(".env.example", patterns):
        findings.append(
            Finding(gitignore, None, "ignores .env.example: add `!.env.example`")
        )
    return findings


README_PARTS = (
    (
        re.compile(r"\.env\b|environment variable|env var", re.IGNORECASE),
        "which variables to set: point to .env.example",
    ),
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


def _has_commands(text: str) -> bool:
    """A fenced block of commands (any fence but a diagram)."""
    fences = [
        line.strip() for line in text.splitlines() if line.strip().startswith(FENCES)
    ]
    return any("mermaid" not in fence for fence in fences[::2])


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
    "README.md: a title, a fenced block of set-up commands, the variables to set "
    "and how to run the tests",
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
    findings.extend(  # a monorepo's README may say it for every service
        Finding(readme, None, f"does not say {what}")
        for pattern, what in README_PARTS
        if not pattern.search(above)
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
    "a ```mermaid block in README.md or docs/",
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
