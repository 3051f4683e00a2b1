"""A service repository read once: files, parsed Python modules and configs."""

from __future__ import annotations

import ast
import io
import os
import re
import stat
import sys
import tokenize
import tomllib
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml

from acacia_sop.checker.config import CheckConfig, load_config

SKIPPED_DIRS = frozenset(
    {"node_modules", "site", "build", "dist", "venv", "env", "htmlcov"}
)
TEST_DIRS = ("tests", "test")
PROJECT_MARKERS = ("pyproject.toml", "requirements.txt", "setup.py", "setup.cfg")
PYTHON_FLOOR = re.compile(r"(?:>=|~=|==|>|\^|~)\s*3\.(\d+)")
T = TypeVar("T")


class NotAServiceError(ValueError):
    """The path is not a service repository the checker can read."""


class ServiceRepo:
    """Read-only view of a service repository; every file is parsed at most once."""

    def __init__(self, root: Path, top: Path | None = None) -> None:
        """Open ``root``; raise :class:`NotAServiceError` if it can't be read.

        ``top`` bounds the search for repository files (README, .gitignore,
        Dockerfile) above ``root`` when no ``.git`` folder marks the
        repository's root; it defaults to ``root``.
        """
        try:
            mode = root.stat().st_mode
            if stat.S_ISDIR(mode):
                next(root.iterdir(), None)  # readable, not only there
        except (FileNotFoundError, NotADirectoryError):
            raise NotAServiceError(f"no such directory: {root}") from None
        except OSError as error:
            reason = error.strerror or str(error)
            raise NotAServiceError(f"cannot read {root}: {reason}") from None
        if not stat.S_ISDIR(mode):
            raise NotAServiceError(f"is a file, not a directory: {root}")
        # absolute, so the folders above a relative path (``.``) are searched too
        self.root = Path(os.path.abspath(root))
        self.top = _repository_root(self.root, Path(os.path.abspath(top or root)))
        self.notes: list[str] = []
        self._trees: dict[str, ast.Module | None] = {}
        self._errors: dict[str, tuple[int | None, str]] = {}
        self.current_file: str | None = None
        self._memo: dict[str, object] = {}
        floor = self.python_floor
        if floor is not None and floor > sys.version_info[:2]:
            self.notes.append(
                f"the service needs Python >= {floor[0]}.{floor[1]} "
                f"(requires-python) and acacia-sop runs on "
                f"{sys.version_info[0]}.{sys.version_info[1]}: files that do not "
                "parse here are not checked; run acacia-sop on the service's Python"
            )

    @classmethod
    def locate(cls, path: Path) -> ServiceRepo:
        """Open the service under ``path``: ``path`` itself or the one subfolder
        (a monorepo's ``backend/``) whose project holds the FastAPI app.

        Raise :class:`NotAServiceError` when no ``FastAPI()`` app is found, or
        when several subfolders hold one.
        """
        repo = cls(path)
        apps = repo.app_modules
        if not apps:
            raise NotAServiceError(f"no FastAPI application found under {path}")
        roots = sorted({_project_root(path, file) for file in apps})
        if "" in roots:
            return repo
        if len(roots) > 1:
            listed = ", ".join(f"{root}/" for root in roots)
            raise NotAServiceError(
                f"several services under {path}: {listed}; check one of them"
            )
        service = cls(path / roots[0], top=path)
        service.notes.insert(
            0,
            f"the service is in {roots[0]}/ (its FastAPI app is created in "
            f"{apps[0]}): checking {path / roots[0]}",
        )
        return service

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """Compute a derived view (routes, imports...) once per repository."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]  # type: ignore[return-value]

    @cached_property
    def config(self) -> CheckConfig:
        """The service's ``[tool.acacia-sop]`` table (a ``ConfigError`` if invalid)."""
        return load_config(self)

    def files_matching(self, pattern: str) -> list[str]:
        """Files whose name matches ``pattern`` (``*.py``), as relative POSIX
        paths; hidden, cache and tool folders and the configured ``exclude``
        globs are left out."""
        found: list[str] = []
        for path in sorted(self.root.rglob(pattern)):
            parts = path.relative_to(self.root).parts
            if any(
                p.startswith(".") or p in SKIPPED_DIRS or p == "__pycache__"
                for p in parts[:-1]
            ):
                continue
            relative = path.relative_to(self.root).as_posix()
            if path.is_file() and not self.config.excluded(relative):
                found.append(relative)
        return found

    @cached_property
    def python_files(self) -> list[str]:
        """Every ``.py`` file, relative POSIX paths, hidden and tool dirs left out."""
        return self.files_matching("*.py")

    @cached_property
    def source_files(self) -> list[str]:
        """Python files that are not tests."""
        return [f for f in self.python_files if not is_test_file(f)]

    @cached_property
    def modules(self) -> dict[str, str]:
        """Dotted module name -> file, for every Python file (``src/`` layouts too)."""
        found = {module_name(f): f for f in self.python_files}
        found.update(
            {module_name(f.removeprefix("src/")): f for f in self.python_files}
        )
        for app in self.app_modules:  # run from its folder: `cd svc && uvicorn`
            folder = app.rpartition("/")[0]
            if folder and not (self.root / folder / "__init__.py").exists():
                inside = [f for f in self.python_files if f.startswith(folder + "/")]
                for file in inside:
                    found.setdefault(module_name(file.removeprefix(folder + "/")), file)
        return found

    @cached_property
    def app_files(self) -> list[str]:
        """The service's own code: every Python file that is not a test."""
        return self.source_files

    @cached_property
    def app_packages(self) -> set[str]:
        """Top folders of the application's code (``app``); empty when the app
        is a flat module, and then every source file is the application's."""
        return {f.split("/")[0] for f in self.app_modules if "/" in f}

    @cached_property
    def application_files(self) -> list[str]:
        """Source files of the application (not tests, scripts or tools)."""
        packages = self.app_packages
        return [
            f for f in self.source_files if not packages or f.split("/")[0] in packages
        ]

    @cached_property
    def app_modules(self) -> list[str]:
        """Files that create a FastAPI application (``FastAPI(...)``)."""
        found = []
        for file in self.source_files:
            if "FastAPI(" not in (self.text(file) or ""):
                continue
            tree = self.tree(file)
            if tree is not None and any(
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name | ast.Attribute)
                and (
                    node.func.id if isinstance(node.func, ast.Name) else node.func.attr
                )
                == "FastAPI"
                for node in ast.walk(tree)
            ):
                found.append(file)
        return found

    @cached_property
    def folders(self) -> list[Path]:
        """The service's folder and each one above it, up to the repository root."""
        found = [self.root]
        while found[-1] != self.top and found[-1].parent != found[-1]:
            found.append(found[-1].parent)
        return found

    def find_all_up(self, name: str) -> list[str]:
        """Each ``name`` in :attr:`folders`, nearest first, relative to the service."""
        return [
            Path(os.path.relpath(folder / name, self.root)).as_posix()
            for folder in self.folders
            if (folder / name).is_file()
        ]

    def find_up(self, name: str) -> str | None:
        """The nearest ``name`` in :attr:`folders` (``../README.md``), or ``None``."""
        found = self.find_all_up(name)
        return found[0] if found else None

    @cached_property
    def python_floor(self) -> tuple[int, int] | None:
        """The oldest Python the service supports, from ``requires-python``
        (or Poetry's ``python = "^3.12"`` dependency)."""
        project = self.pyproject.get("project", {})
        spec = project.get("requires-python") if isinstance(project, dict) else None
        if spec is None:
            needs = (self.tool_config("poetry") or {}).get("dependencies")
            spec = needs.get("python") if isinstance(needs, dict) else None
        floors = [int(minor) for minor in PYTHON_FLOOR.findall(str(spec or ""))]
        return (3, max(floors)) if floors else None

    @property
    def needs_newer_python(self) -> bool:
        """Whether the service's Python is newer than the one running the checker."""
        floor = self.python_floor
        return floor is not None and floor > sys.version_info[:2]

    def unreadable(self, module: str) -> bool:
        """Whether ``module`` is one of the service's files but does not parse."""
        file = self.modules.get(module)
        return file is not None and self.tree(file) is None

    def exists(self, relative: str) -> bool:
        """Whether ``relative`` exists (file or directory)."""
        return (self.root / relative).exists()

    def text(self, relative: str) -> str | None:
        """A file's text, or ``None`` when it does not exist or does not decode.

        Python files are decoded as Python reads them (a PEP 263 coding line,
        else UTF-8); other files as UTF-8.
        """
        path = self.root / relative
        try:
            if not path.is_file():
                return None
            data = path.read_bytes()
        except OSError:
            return None
        try:
            if relative.endswith(".py"):
                encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
                return data.decode(encoding).removeprefix("\ufeff")
            return data.decode("utf-8")
        except (SyntaxError, LookupError, UnicodeDecodeError):
            return None

    def tree(self, relative: str) -> ast.Module | None:
        """The parsed module, cached; ``None`` when missing or not valid Python.

        A file that exists but does not read or parse is recorded in
        :attr:`parse_errors` with the reason.
        """
        if relative not in self._trees:
            self._trees[relative] = self._parse(relative)
        return self._trees[relative]

    def _parse(self, relative: str) -> ast.Module | None:
        path = self.root / relative
        try:
            if not relative or not path.is_file():
                return None
            # bytes, so Python itself honours a coding line and a BOM
            return ast.parse(path.read_bytes(), relative)
        except SyntaxError as error:
            where = f"line {error.lineno}: " if error.lineno else ""
            self._errors[relative] = (error.lineno, f"{where}{error.msg}")
        except (ValueError, RecursionError, MemoryError, OSError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            self._errors[relative] = (None, reason or type(error).__name__)
        return None

    @property
    def parse_errors(self) -> dict[str, tuple[int | None, str]]:
        """``file -> (line, reason)`` of every Python file that does not parse."""
        for file in self.python_files:
            self.tree(file)
        return dict(sorted(self._errors.items()))

    def trees(self, files: list[str]) -> Iterator[tuple[str, ast.Module]]:
        """``(path, tree)`` for each of ``files`` that parses.

        While a check works through them, :attr:`current_file` names the file
        at hand, so an unexpected error can say where it happened.
        """
        for file in files:
            tree = self.tree(file)
            if tree is not None:
                self.current_file = file
                yield file, tree

    def toml(self, relative: str) -> dict[str, Any] | None:
        """A TOML file as a dict: ``None`` when missing, empty when invalid."""
        text = self.text(relative)
        if text is None:
            return None
        try:
            data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return {}
        return data

    @cached_property
    def pyproject(self) -> dict[str, Any]:
        """``pyproject.toml`` as a dict (empty when missing or invalid)."""
        return self.toml("pyproject.toml") or {}

    def tool_config(self, name: str) -> dict[str, Any] | None:
        """``[tool.<name>]`` of ``pyproject.toml``, or ``None``."""
        tool = self.pyproject.get("tool", {})
        value = tool.get(name) if isinstance(tool, dict) else None
        return value if isinstance(value, dict) else None

    def yaml(self, relative: str) -> Any:  # noqa: ANN401 - any YAML document
        """A YAML file's content, or ``None`` when missing or invalid."""
        text = self.text(relative)
        if text is None:
            return None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError:
            return None


def is_test_file(relative: str) -> bool:
    """Whether a path belongs to the test suite."""
    parts = relative.split("/")
    return (
        parts[0] in TEST_DIRS
        or parts[-1].startswith("test_")
        or (parts[-1] == "conftest.py")
    )


def module_name(relative: str) -> str:
    """``app/core/database.py`` -> ``app.core.database``."""
    parts = relative.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _repository_root(root: Path, top: Path) -> Path:
    """The nearest folder at or above ``root`` holding ``.git``, else ``top``."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return top


def _project_root(top: Path, file: str) -> str:
    """The nearest folder above ``file`` (up to ``top``) with a project file."""
    parts = file.split("/")[:-1]
    while parts:
        folder = top.joinpath(*parts)
        is_package = (folder / "__init__.py").is_file()  # its setup.py is a module
        if any(
            (folder / name).is_file() and not (is_package and name == "setup.py")
            for name in PROJECT_MARKERS
        ):
            return "/".join(parts)
        parts.pop()
    return ""
