"""STR-xx: the project layout, ``.env.example``, ``.gitignore`` and ruff set-up."""

from __future__ import annotations

import ast
import re

from acacia_sop.checker.astutil import (
    dotted,
    keyword,
    last_name,
    module_constants,
    string_value,
    walk,
)
from acacia_sop.checker.model import Finding, NotChecked
from acacia_sop.checker.names import resolve_class
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, module_name
from acacia_sop.checker.rules._env_reads import is_env_read
from acacia_sop.checker.rules._gitignore import ignore_patterns, is_ignored
from acacia_sop.checker.rules._ruff_config import ruff_config

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
    looks_at=(
        "the app/ and tests/ folders and files of the SOP layout, and requirements.txt"
    ),
)
def check_layout(repo: ServiceRepo) -> list[Finding]:
    """STR-01: every folder and file of the mandatory layout exists."""
    return [
        Finding(path.rstrip("/"), None, f"missing: create `{path}` (SOP layout)")
        for path in REQUIRED_LAYOUT
        if not repo.exists(path.rstrip("/"))
    ]


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
        for node in walk(tree):
            if isinstance(node, ast.ClassDef) and _settings_class(
                node, repo, module_name(file)
            ):
                found.extend((name, file, line) for name, line in _field_names(node))
            elif isinstance(node, ast.Call) and is_env_read(node):
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
    looks_at=(
        "`.env.example` against every variable the service reads: settings-class fields"
        " (with env_prefix and aliases) and os.getenv/os.environ lookups"
    ),
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


@check(
    "STR-03",
    looks_at=(
        ".gitignore ignores bytecode, tool caches, coverage data and `.env` but not "
        "`.env.example`"
    ),
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


@check(
    "STR-04",
    looks_at="[tool.ruff] in pyproject.toml or a ruff.toml",
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
