"""No hard-coded secrets: credentials in connection strings, key-like literals."""

from __future__ import annotations

import ast
import os
import re
import subprocess
from pathlib import Path, PurePosixPath

from acacia_sop.checker.astutil import dotted, last_name, string_value, with_defaults
from acacia_sop.checker.model import Finding
from acacia_sop.checker.names import field_default, resolve_string
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo, module_name
from acacia_sop.checker.ruff import diagnostics, unreadable_files
from acacia_sop.checker.rules.project import ignore_patterns, is_ignored

CONNECTION_WITH_CREDENTIALS = re.compile(
    r"mongodb(?:\+srv)?://(?P<user>[^:/@\s'\"]+):(?P<password>[^@\s'\"]+)@"
)
SECRET_NAME = re.compile(
    r"^(?:.*_)?(?:secret|secret_key|password|passwd|pwd|api_key|apikey|"
    r"private_key|access_key|auth_token|access_token|token)$",
    re.IGNORECASE,
)
# Names that describe a secret rather than hold one (``token_type = "bearer"``,
# ``TOKEN_URL = "/auth/token"``).
ABOUT_A_SECRET = re.compile(
    r"""_(?:type|url|uri|path|endpoint|prefix|name|field|header|scheme|algorithm|kind)["']""",
    re.IGNORECASE,
)
KEY_NAME = re.compile(  # secret names ruff's S105-S107 do not cover
    r"^(?:.*_)?(?:api_key|apikey|private_key|access_key)$", re.IGNORECASE
)
KEY_FORMATS = re.compile(
    r"AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}"
    r"|AIza[0-9A-Za-z_\-]{35}|sk_live_[0-9a-zA-Z]{16,}"
)
PLACEHOLDER = re.compile(
    r"^$|^[<{$]|change|example|placeholder|your|dummy|xxx|replace|not-a-secret|"
    r"filled|^test[_-]|^my[_-]",
    re.IGNORECASE,
)
# Values that sit under secret-sounding names but are settings, not secrets:
# rate limits such as ``5/minute`` or ``10 per hour`` (``RATE_LIMIT_TOKEN``).
NOT_A_SECRET = re.compile(r"^\d+\s*(?:/|per)\s*\d*\s*[a-z]+$", re.IGNORECASE)
TEXT_FILES = (
    ".env.example",
    "Dockerfile",
    "cloudbuild.yaml",
    "cloudbuild-staging.yaml",
    "docker-compose.yaml",
    "docker-compose.yml",
)


def _looks_secret(value: str) -> bool:
    """A literal under a secret name that is neither a placeholder nor a setting."""
    return not PLACEHOLDER.search(value) and not NOT_A_SECRET.match(value.strip())


def _is_placeholder_password(password: str) -> bool:
    return bool(PLACEHOLDER.search(password)) or password.startswith(("<", "$", "{"))


def _connection_findings(file: str, text: str, line: int) -> list[Finding]:
    findings = []
    for offset, row in enumerate(text.splitlines()):
        match = CONNECTION_WITH_CREDENTIALS.search(row)
        if (
            match
            and not _is_placeholder_password(match["password"])
            and not match["user"].startswith(("[", "<"))  # [user:pass@]
        ):
            findings.append(
                Finding(
                    file,
                    line + offset,
                    "connection string with a user and password: read it from "
                    "the MONGO_URI environment variable (Secret Manager)",
                )
            )
    return findings


def _rendered(repo: ServiceRepo, module: str, joined: ast.JoinedStr) -> str:
    """An f-string with each part the checker can resolve (constants, settings
    defaults) filled in, and ``{name}`` for the rest."""
    parts = []
    for value in joined.values:
        if isinstance(value, ast.FormattedValue):
            known = resolve_string(repo, module, value.value)
            parts.append(known if known is not None else "{" + ast.unparse(value) + "}")
        else:
            parts.append(string_value(value) or "")
    return "".join(parts)


def _strings(tree: ast.Module) -> list[ast.Constant]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


@check(
    "DB-03",
    "`mongodb://user:pass@` in Python strings, .env.example, Dockerfile and Cloud "
    "Build files",
)
def check_connection_strings(repo: ServiceRepo) -> list[Finding]:
    """DB-03: no MongoDB connection string with credentials in code or config."""
    findings: list[Finding] = []
    for file, tree in repo.trees(repo.source_files):  # test credentials are fake
        for node in _strings(tree):
            assert isinstance(node.value, str)
            findings.extend(_connection_findings(file, node.value, node.lineno))
        for joined in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
            rendered = _rendered(repo, module_name(file), joined)
            findings.extend(_connection_findings(file, rendered, joined.lineno))
    for file in [*TEXT_FILES, *committed_env_files(repo)]:
        text = repo.text(file)
        if text is not None:
            findings.extend(_connection_findings(file, text, 1))
    return findings


def _named_values(tree: ast.Module) -> list[tuple[str, ast.expr, int]]:
    """(name, value, line) for assignments, keyword arguments and defaults."""
    found: list[tuple[str, ast.expr, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            found.extend(
                (name, node.value, node.lineno)
                for target in node.targets
                if (name := dotted(target))
            )
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            name = dotted(node.target)
            if name:
                found.append((name, node.value, node.lineno))
        elif isinstance(node, ast.Call):
            found.extend(
                (k.arg, k.value, k.value.lineno) for k in node.keywords if k.arg
            )
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.extend(
                (arg.arg, default, default.lineno)
                for arg, default in with_defaults(node)
                if default is not None
            )
    return found


def _named_secrets(repo: ServiceRepo) -> list[Finding]:
    """Key-like literals under secret names ruff's S105-S107 do not know
    (``API_KEY``, ``PRIVATE_KEY``), and under any secret name in files ruff
    could not read (a Latin-1 file) or in a ``Field(default=...)``, where
    ruff does not look."""
    findings = []
    unread = unreadable_files(repo)
    for file, tree in repo.trees(repo.source_files):
        for name, value, line in _named_values(tree):
            names = SECRET_NAME if file in unread else KEY_NAME
            if isinstance(value, ast.Call) and last_name(value.func) == "Field":
                value, names = field_default(value) or value, SECRET_NAME
            literal = value.value if isinstance(value, ast.Constant) else None
            if (
                isinstance(literal, str)
                and names.match(name.rsplit(".", 1)[-1])
                and _looks_secret(literal)
            ):
                findings.append(
                    Finding(
                        file,
                        line,
                        f"`{name}` is a hard-coded secret: read it from the "
                        "environment (Secret Manager in GCP)",
                    )
                )
    return findings


def committed_env_files(repo: ServiceRepo) -> list[str]:
    """``.env*`` files other than ``.env.example`` that the repository holds.

    In a git repository: the tracked ones. Otherwise: those on disk in the
    service's folder and above it (to the repository root) that its
    ``.gitignore`` does not ignore. Paths are relative to the service.
    """
    return repo.memo("env-files", lambda: _committed_env_files(repo))


ENV_TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist")
HIDDEN_CONFIG_FOLDERS = (".docker", ".devcontainer", ".config")


def _is_env_file(name: str) -> bool:
    """``.env``, ``.env.production``; not a template (``.env.staging.example``)
    and not direnv's ``.envrc``."""
    return (name == ".env" or name.startswith(".env.")) and not name.endswith(
        ENV_TEMPLATE_SUFFIXES
    )


def _committed_env_files(repo: ServiceRepo) -> list[str]:
    """Environment files in the service (any subfolder) and the folders above."""
    above = [path for folder in repo.folders[1:] for path in folder.glob(".env*")]
    inside = [repo.root / file for file in repo.files_matching(".env*")]
    candidates = [
        path
        for path in sorted(set(above + inside))
        if path.is_file() and _is_env_file(path.name)
    ]
    tracked = _tracked(repo, candidates)
    if tracked is None:
        patterns = [
            pattern
            for file in reversed(repo.find_all_up(".gitignore"))
            for pattern in ignore_patterns(repo.text(file))
        ]
        tracked = [p for p in candidates if not is_ignored(p.name, patterns)]
    return [Path(os.path.relpath(path, repo.root)).as_posix() for path in tracked]


def _tracked(repo: ServiceRepo, paths: list[Path]) -> list[Path] | None:
    """Which of ``paths`` git tracks; ``None`` when this is not a git repository."""
    if not (repo.top / ".git").exists():
        return None
    if not paths:
        return []
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "-C", str(repo.top), "ls-files", "-z", "--", *map(str, paths)],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    listed = {(repo.top / line).resolve() for line in done.stdout.split("\0") if line}
    return [path for path in paths if path.resolve() in listed]


@check(
    "SEC-08",
    "ruff's S105-S107 (hard-coded passwords) in the service's code; known key "
    "formats; secret values in .env.example; no committed .env file other "
    "than .env.example",
)
def check_hardcoded_secrets(repo: ServiceRepo) -> list[Finding]:
    """SEC-08: no hard-coded password or key, no committed ``.env`` file."""
    findings = [
        Finding(
            d.file,
            d.line,
            f"{d.message} (ruff {d.code}): read it from the environment "
            "(Secret Manager in GCP)",
        )
        for d in diagnostics(repo, "SEC-08")
        if _looks_secret(_assigned_literal(repo, d.file, d.line))
        and not _names_itself(repo, d.file, d.line)
        and not ABOUT_A_SECRET.search(d.message)
    ]
    seen = {(f.file, f.line) for f in findings}
    findings.extend(f for f in _named_secrets(repo) if (f.file, f.line) not in seen)
    for file, tree in repo.trees(repo.source_files):
        findings.extend(
            Finding(file, node.lineno, "a key-like literal: remove it and rotate it")
            for node in _strings(tree)
            if isinstance(node.value, str) and KEY_FORMATS.search(node.value)
        )
    findings.extend(
        Finding(
            env_file,
            None,
            "committed environment file: remove it from git, ignore it in "
            ".gitignore and rotate every secret it held (only .env.example "
            "belongs in the repository)",
        )
        for env_file in committed_env_files(repo)
    )
    for template in env_templates(repo):
        findings.extend(_template_secrets(template, repo.text(template) or ""))
    return findings


def env_templates(repo: ServiceRepo) -> list[str]:
    """``.env.example`` and the other committed templates of env files
    (``.docker/.env.example``, ``.env.staging.sample``), anywhere in the
    service."""
    inside = [
        path
        for path in repo.files_matching(".env*")
        if PurePosixPath(path).name.endswith(ENV_TEMPLATE_SUFFIXES)
    ]
    hidden = [  # files_matching leaves hidden folders out
        path.relative_to(repo.root).as_posix()
        for folder in repo.root.iterdir()
        if folder.is_dir() and folder.name in HIDDEN_CONFIG_FOLDERS
        for path in sorted(folder.glob(".env*"))
        if path.name.endswith(ENV_TEMPLATE_SUFFIXES)
    ]
    return inside + hidden


def _template_secrets(file: str, text: str) -> list[Finding]:
    findings = []
    for number, row in enumerate(text.splitlines(), start=1):
        name, equals, raw = row.partition("=")
        cleaned = raw.strip().strip("'\"")
        if (
            equals
            and not row.lstrip().startswith("#")
            and SECRET_NAME.match(name.strip())
            and _looks_secret(cleaned)
        ):
            findings.append(
                Finding(
                    file,
                    number,
                    f"{name.strip()} has a real-looking value: use an empty or "
                    "`change-me` placeholder",
                )
            )
    return findings


def _names_itself(repo: ServiceRepo, file: str, line: int) -> bool:
    """An enum member whose value is its name (``access_token = "access_token"``
    in ``class TokenKind(str, Enum)``): a label, not a secret."""
    tree = repo.tree(file)
    for node in ast.walk(tree) if tree else []:
        if not isinstance(node, ast.ClassDef) or not any(
            "Enum" in (last_name(base) or "") for base in node.bases
        ):
            continue
        for item in node.body:
            if (
                isinstance(item, ast.Assign)
                and item.lineno == line
                and isinstance(item.targets[0], ast.Name)
            ):
                value = string_value(item.value) or ""
                return item.targets[0].id.lower() == value.lower().replace("-", "_")
    return False


def _assigned_literal(repo: ServiceRepo, file: str, line: int) -> str:
    """The string literal ruff saw on ``line`` (the first one), else ``""``."""
    text = (repo.text(file) or "").splitlines()
    row = text[line - 1] if 0 < line <= len(text) else ""
    match = re.search(r"""(["'])(.*?)\1""", row)
    return match[2] if match else "not-a-literal-placeholder"
