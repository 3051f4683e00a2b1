"""Layering rules the README states that imports alone do not show.

Which layer imports which is import-linter's to check (``make lint``, the
contracts in ``pyproject.toml``); these tests read the code itself.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from app.core.config import SERVICE_ROOT
from app.main import app

ENDPOINTS = sorted((SERVICE_ROOT / "app" / "api" / "v1" / "endpoints").glob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text("utf-8"), filename=str(path))


def test_endpoints_use_the_one_problem_helper_of_app_api_errors() -> None:
    for path in ENDPOINTS:
        names = {
            node.id for node in ast.walk(_tree(path)) if isinstance(node, ast.Name)
        }
        functions = {
            node.name
            for node in ast.walk(_tree(path))
            if isinstance(node, ast.FunctionDef)
        }

        assert "ProblemDetails" not in names, path.name
        assert "_problem" not in functions, path.name


def test_collection_names_are_spelled_only_in_app_core_database() -> None:
    sources = [
        *sorted((SERVICE_ROOT / "app" / "services").glob("*.py")),
        *sorted((SERVICE_ROOT / "migrations").glob("m[0-9]*.py")),
    ]
    spelled = {
        f"{path.parent.name}/{path.name}:{node.lineno}"
        for path in sources
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Constant) and node.value in {"users", "orders"}
    }

    assert spelled == set()


def _dependency_calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _dependency_calls(dependency)


def test_every_dependency_is_async_so_none_runs_in_the_thread_pool() -> None:
    calls = {
        call
        for context in iter_route_contexts(app.routes)  # included routers too
        if isinstance(context.route, APIRoute)
        for call in _dependency_calls(context.route.dependant)
    }
    sync = sorted(
        getattr(call, "__name__", type(call).__name__)
        for call in calls
        if not inspect.iscoroutinefunction(
            call if inspect.isfunction(call) else type(call).__call__
        )
    )

    assert calls
    assert sync == []
