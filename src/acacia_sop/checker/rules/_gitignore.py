"""The service's ``.gitignore`` patterns and whether a path is ignored."""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path


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
