"""No hard-coded secrets: credentials in connection strings, key-like literals."""

from __future__ import annotations

import ast
import re

from acacia_sop.checker.astutil import dotted
from acacia_sop.checker.model import Finding
from acacia_sop.checker.registry import check
from acacia_sop.checker.repo import ServiceRepo

CONNECTION_WITH_CREDENTIALS = re.compile(
    r"mongodb(?:\+srv)?://(?P<user>[^:/@\s'\"]+):(?P<password>[^@\s'\"]+)@"
)
SECRET_NAME = re.compile(
    r"^(?:.*_)?(?:secret|secret_key|password|passwd|pwd|api_key|apikey|"
    r"private_key|access_key|auth_token|access_token|token)$",
    re.IGNORECASE,
)
KEY_FORMATS = re.compile(
    r"AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}"
    r"|AIza[0-9A-Za-z_\-]{35}|sk_live_[0-9a-zA-Z]{16,}"
)
PLACEHOLDER = re.compile(
    r"^$|^[<{$]|change|example|placeholder|your|dummy|xxx|replace|not-a-secret",
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
        if match and not _is_placeholder_password(match["password"]):
            findings.append(
                Finding(
                    file,
                    line + offset,
                    "connection string with a user and password: read it from "
                    "the MONGO_URI environment variable (Secret Manager)",
                )
            )
    return findings


def _strings(tree: ast.Module) -> list[ast.Constant]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


@check(
    "DB-03",
    "No credentials in connection strings",
    "`mongodb://user:pass@` in Python strings, .env.example, Dockerfile and Cloud "
    "Build files",
)
def check_connection_strings(repo: ServiceRepo) -> list[Finding]:
    """DB-03: no MongoDB connection string with credentials in code or config."""
    findings: list[Finding] = []
    for file, tree in repo.trees(repo.python_files):
        for node in _strings(tree):
            assert isinstance(node.value, str)
            findings.extend(_connection_findings(file, node.value, node.lineno))
    for file in TEXT_FILES:
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
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            pairs = zip(
                positional[len(positional) - len(args.defaults) :],
                args.defaults,
                strict=True,
            )
            found.extend((a.arg, d, d.lineno) for a, d in pairs)
            found.extend(
                (a.arg, d, d.lineno)
                for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
                if d is not None
            )
    return found


@check(
    "SEC-08",
    "No hard-coded secrets",
    "string literals assigned to names like SECRET_KEY, password, api_key, token; "
    "known key formats; secret values in .env.example",
)
def check_hardcoded_secrets(repo: ServiceRepo) -> list[Finding]:
    """SEC-08: no key-like literal assigned to a secret name, no known key format."""
    findings: list[Finding] = []
    for file, tree in repo.trees(repo.source_files):
        for name, value, line in _named_values(tree):
            literal = value.value if isinstance(value, ast.Constant) else None
            if (
                isinstance(literal, str)
                and SECRET_NAME.match(name.rsplit(".", 1)[-1])
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
    for file, tree in repo.trees(repo.python_files):
        findings.extend(
            Finding(file, node.lineno, "a key-like literal: remove it and rotate it")
            for node in _strings(tree)
            if isinstance(node.value, str) and KEY_FORMATS.search(node.value)
        )
    text = repo.text(".env.example") or ""
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
                    ".env.example",
                    number,
                    f"{name.strip()} has a real-looking value: use an empty or "
                    "`change-me` placeholder",
                )
            )
    return findings
