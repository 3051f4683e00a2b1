"""The service's application module and what it imports (logging, CORS, limits)."""

from __future__ import annotations

from acacia_sop.checker.names import (
    module_imports,
)
from acacia_sop.checker.repo import ServiceRepo, module_name

MAIN = "app/main.py"


def app_module(repo: ServiceRepo) -> str:
    """The file that builds the app: app/main.py, else where ``FastAPI()`` is."""
    if repo.exists(MAIN) or not repo.app_modules:
        return MAIN
    return repo.app_modules[0]


def uses_module(repo: ServiceRepo, roots: tuple[str, ...]) -> bool:
    """Whether an app module imports from one of the ``roots`` packages."""
    return any(
        origin.split(".")[0] in roots
        for file, _ in repo.trees(repo.app_files)
        for origin in module_imports(repo, module_name(file)).values()
    )
