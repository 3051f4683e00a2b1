"""Project set-up: layout, ``.env.example``, ``.gitignore``, README, diagrams."""

from __future__ import annotations

import ast
import re
from fnmatch import fnmatch
from pathlib import Path

from acacia_sop.checker.model import Finding
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo

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
GITIGNORE_MUST_IGNORE = {  # what a finding names -> a path that must be ignored
    "__pycache__/": "__pycache__/module.cpython-311.pyc",  # or *.pyc does it
    "*.pyc": "module.pyc",
    ".env": ".env",
    ".env.*": ".env.production",
    ".pytest_cache/": ".pytest_cache/",
    ".mypy_cache/": ".mypy_cache/",
    ".ruff_cache/": ".ruff_cache/",
    ".coverage": ".coverage",
}
ENV_LINE = re.compile(r"^\s*(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=")


@check(
    "STR-01",
    "Mandatory directory layout",
    "the app/ and tests/ folders and files of the SOP layout, and requirements.txt",
)
def check_layout(repo: ServiceRepo) -> list[Finding]:
    """STR-01: every folder and file of the mandatory layout exists."""
    return [
        Finding(path.rstrip("/"), None, f"missing: create `{path}` (SOP layout)")
        for path in REQUIRED_LAYOUT
        if not repo.exists(path.rstrip("/"))
    ]


def _settings_fields(repo: ServiceRepo) -> list[tuple[str, int]]:
    tree = repo.tree("app/core/config.py")
    fields: list[tuple[str, int]] = []
    for node in ast.walk(tree) if tree else []:
        if isinstance(node, ast.ClassDef) and any(
            "Settings" in ast.unparse(base) for base in node.bases
        ):
            fields.extend(
                (item.target.id, item.lineno)
                for item in node.body
                if isinstance(item, ast.AnnAssign)
                and isinstance(item.target, ast.Name)
                and item.target.id != "model_config"
            )
    return fields


@check(
    "STR-02",
    "`.env.example` lists every setting",
    "`.env.example` against the fields of the Settings class in app/core/config.py",
)
def check_env_example(repo: ServiceRepo) -> list[Finding]:
    """STR-02: ``.env.example`` exists and names every setting."""
    text = repo.text(".env.example")
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
    return [
        Finding(
            "app/core/config.py",
            line,
            f"setting {name} is not in .env.example: add `{name}=` with a "
            "placeholder and a comment",
        )
        for name, line in _settings_fields(repo)
        if name.upper() not in listed
    ]


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
    "Python `.gitignore`",
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
        for shown, path in GITIGNORE_MUST_IGNORE.items()
        if not is_ignored(path, patterns)
    ]
    if is_ignored(".env.example", patterns):
        findings.append(
            Finding(gitignore, None, "ignores .env.example: add `!.env.example`")
        )
    return findings


@check(
    "DOC-01",
    "README with set-up instructions",
    "README.md: a title and a fenced block of commands",
)
def check_readme(repo: ServiceRepo) -> list[Finding]:
    """DOC-01: ``README.md`` has a title and setup commands in a code block."""
    readme = repo.find_up("README.md")
    text = repo.text(readme) if readme else None
    if readme is None or text is None:
        return [Finding("README.md", None, "missing: add a README with set-up steps")]
    findings = []
    if not any(line.startswith("# ") for line in text.splitlines()):
        findings.append(Finding(readme, 1, "add a `# Title` heading"))
    fences = [
        line.strip() for line in text.splitlines() if line.strip().startswith("```")
    ]
    if not any(fence != "```" and "mermaid" not in fence for fence in fences):
        findings.append(
            Finding(
                readme,
                None,
                "no set-up commands: add a ```bash block with how to install, "
                "run and test the service",
            )
        )
    return findings


def documentation_pages(repo: ServiceRepo) -> list[str]:
    """README.md (here or up to the repository root) and pages under ``docs/``."""
    readme = repo.find_up("README.md")
    pages = [readme] if readme else []
    docs = repo.root / "docs"
    if docs.is_dir():
        pages.extend(
            p.relative_to(repo.root).as_posix() for p in sorted(docs.rglob("*.md"))
        )
    return pages


@check("DOC-13", "Mermaid diagrams", "a ```mermaid block in README.md or docs/")
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
