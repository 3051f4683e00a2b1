"""``[tool.acacia-sop]`` in the checked service's ``pyproject.toml``.

``exclude`` (gitignore-style globs relative to the service's folder),
``baseline`` (a path, relative to the same folder), ``site-url`` (the hosted
SOP the reports link to) and ``[tool.acacia-sop.deviations]``, one entry per
approved deviation: ``"SEC-01" = { reason = "...", expires = "2027-06-30" }``.
A key the checker does not know, a date it cannot read, a rule ID no page
writes or a deviation without a reason is a :class:`ConfigError` naming the
file and the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pathspec

from acacia_sop.catalog import catalog

PYPROJECT = "pyproject.toml"
TABLE = "tool.acacia-sop"
DEFAULT_SITE_URL = "https://sop.acacia-analytics.internal/"
KEYS = frozenset({"exclude", "baseline", "site-url", "deviations"})
DEVIATION_KEYS = frozenset({"reason", "expires"})


@dataclass(frozen=True)
class Deviation:
    """An approved departure from one rule: why, and until when."""

    rule_id: str
    reason: str
    expires: date | None
    line: int | None = None
    """Its line in ``pyproject.toml``, when found."""

    def expired(self, today: date) -> bool:
        """Whether ``today`` is past its expiry date."""
        return self.expires is not None and today > self.expires


class HasRoot(Protocol):
    """A service repository (:class:`~acacia_sop.checker.repo.ServiceRepo`)."""

    @property
    def root(self) -> Path:
        """The service's folder."""
        ...


class ConfigError(ValueError):
    """The service's ``[tool.acacia-sop]`` table is not one the checker reads."""


@dataclass(frozen=True)
class CheckConfig:
    """What a service's ``[tool.acacia-sop]`` table says (defaults when absent)."""

    exclude: tuple[str, ...] = ()
    baseline: str | None = None
    site_url: str = DEFAULT_SITE_URL
    deviations: tuple[Deviation, ...] = ()
    _spec: pathspec.GitIgnoreSpec = field(
        default_factory=lambda: pathspec.GitIgnoreSpec.from_lines([]),
        compare=False,
        repr=False,
    )

    def excluded(self, relative: str) -> bool:
        """Whether a POSIX path relative to the service matches ``exclude``."""
        return bool(self.exclude) and self._spec.match_file(relative)


def load_config(repo: HasRoot | Path) -> CheckConfig:
    """The ``[tool.acacia-sop]`` table of ``repo``'s ``pyproject.toml``.

    Raise :class:`ConfigError` (one line: the file and the key) when the
    table is not valid; an absent file or table gives the defaults.
    """
    root = repo if isinstance(repo, Path) else repo.root
    path = root / PYPROJECT
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return CheckConfig()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return CheckConfig()  # the service's own STR-04 check reports it
    table = data.get("tool", {}).get("acacia-sop")
    if table is None:
        return CheckConfig()
    return _parse(table, text, path)


def _fail(path: Path, key: str, problem: str) -> ConfigError:
    return ConfigError(f"{path}: [{TABLE}] {key}: {problem}")


def _parse(table: Any, text: str, path: Path) -> CheckConfig:  # noqa: ANN401
    if not isinstance(table, dict):
        raise _fail(path, "", "must be a table")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        known = ", ".join(sorted(KEYS))
        raise _fail(path, unknown[0], f"unknown key (known: {known})")
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
        raise _fail(path, "exclude", "must be a list of glob strings")
    baseline = table.get("baseline")
    if baseline is not None and not (isinstance(baseline, str) and baseline):
        raise _fail(path, "baseline", "must be a path (a string)")
    site_url = table.get("site-url", DEFAULT_SITE_URL)
    if not isinstance(site_url, str) or not re.match(r"https?://", site_url):
        raise _fail(path, "site-url", "must be an http(s) URL")
    deviations = table.get("deviations", {})
    if not isinstance(deviations, dict):
        raise _fail(path, "deviations", "must be a table of rule IDs")
    return CheckConfig(
        exclude=tuple(exclude),
        baseline=baseline,
        site_url=site_url if site_url.endswith("/") else f"{site_url}/",
        deviations=tuple(
            _deviation(rule_id, entry, text, path)
            for rule_id, entry in deviations.items()
        ),
        _spec=pathspec.GitIgnoreSpec.from_lines(exclude),
    )


def _deviation(rule_id: str, entry: object, text: str, path: Path) -> Deviation:
    key = f"deviations.{rule_id}"
    if rule_id not in catalog():
        raise _fail(path, key, "unknown rule ID")
    if not isinstance(entry, dict):
        raise _fail(path, key, 'must be { reason = "...", expires = "YYYY-MM-DD" }')
    unknown = sorted(set(entry) - DEVIATION_KEYS)
    if unknown:
        raise _fail(path, f"{key}.{unknown[0]}", "unknown key (known: expires, reason)")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise _fail(path, f"{key}.reason", "missing: say why the team lead approved it")
    return Deviation(
        rule_id,
        reason.strip(),
        _expiry(entry.get("expires"), path, f"{key}.expires"),
        _line_of(rule_id, text),
    )


def _expiry(value: object, path: Path, key: str) -> date | None:
    if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(path, key, f"{value!r} is not a date (YYYY-MM-DD)")


def _line_of(rule_id: str, text: str) -> int | None:
    """The line of the deviation's entry (``"SEC-01" = {`` or ``[...SEC-01]``)."""
    entry = re.compile(rf"""^\s*(?:["']?{rule_id}["']?\s*=|\[.*\b{rule_id}\b)""")
    for number, line in enumerate(text.splitlines(), 1):
        if entry.match(line):
            return number
    return None
