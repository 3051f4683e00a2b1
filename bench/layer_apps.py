"""The reference service built without one of its layers, for ``make bench-api``.

``uvicorn bench.layer_apps:create --factory`` (run in the service's folder)
builds the service with ``app.main.create_app`` and takes out the layers
that ``BENCH_LAYERS_OFF`` names (comma-separated, ``all`` for every one).
The switch is read here only: the service has no setting that removes a
layer, so no deployment can. A middleware layer is removed from the app's
list before its stack is built; a dependency layer is overridden the way
tests override dependencies. Without the token check, the caller is still
read from the database (``BENCH_CALLER_ID``), as the bare baseline does.

While any override is set, FastAPI 0.165 re-reads the signature of every
dependency of a route on each request (``get_dependant``), which costs more
than the layers taken out. The layer apps memoise that analysis
(:func:`_memoise_dependency_analysis`), and what the memo still costs is
measured apart: ``BENCH_LAYERS_OFF=override_path`` (:data:`CONTROL`) serves
the whole service on the override path, and the apps with an overridden
layer are compared with it, not with the service.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Hashable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.dependencies import utils as dependency_utils
from fastapi.dependencies.models import Dependant

MIDDLEWARE_LAYERS = {
    "correlation_id": "CorrelationIdMiddleware",
    "access_log": "AccessLogMiddleware",
    "cors": "CORSMiddleware",
    "body_limit": "BodySizeLimitMiddleware",
    "idempotency": "IdempotencyMiddleware",
}
"""Layer -> the middleware class that is the layer."""
DEPENDENCY_LAYERS = ("strict_json", "token_check")
LAYERS = (*MIDDLEWARE_LAYERS, *DEPENDENCY_LAYERS)
"""Every layer the bench can take out, outermost first."""
ALL = "all"
OVERRIDDEN_LAYERS = frozenset({*DEPENDENCY_LAYERS, "idempotency"})
"""Layers taken out (wholly or in part) with a dependency override."""
CONTROL = "override_path"
"""Not a layer: the whole service with an override that changes nothing.

Any override puts every request on FastAPI's override path, which still
costs some microseconds with the memo; an app with an overridden layer is
measured against this one, so its row shows the layer, not the path.
"""

VARIANTS = (*LAYERS, ALL, CONTROL)
"""The apps the bench builds beside the service: each layer taken out alone,
all of them at once, and the control."""


def is_overridden(variant: str) -> bool:
    """Whether the app for ``variant`` takes a layer out with an override."""
    return variant != CONTROL and bool(OVERRIDDEN_LAYERS & set(layers_off(variant)))


def layers_off(value: str) -> list[str]:
    """The layers a ``BENCH_LAYERS_OFF`` value names (``all``: every one).

    Raises:
        ValueError: A name that is not a layer.
    """
    names = [name.strip() for name in value.split(",") if name.strip()]
    if ALL in names:
        return list(LAYERS)
    unknown = sorted(set(names) - set(LAYERS))
    if unknown:
        raise ValueError(f"not a layer: {', '.join(unknown)} (layers: {LAYERS})")
    return names


def _dependency_overrides(off: list[str]) -> dict[Callable[..., Any], Any]:
    """The overrides taking out the dependency layers in ``off``."""
    dependencies = importlib.import_module("app.api.dependencies")
    user_service = importlib.import_module("app.services.user_service")

    async def no_check() -> None:
        return None

    async def caller_without_token(request: Request) -> object:
        database = request.app.state.database
        return await user_service.get_user(database, os.environ["BENCH_CALLER_ID"])

    overrides: dict[Callable[..., Any], Any] = {}
    if "strict_json" in off:
        json_body = importlib.import_module("app.api.json_body")
        overrides[json_body.refuse_duplicate_keys] = no_check
    if "token_check" in off:
        overrides[dependencies.get_current_user] = caller_without_token
    if "idempotency" in off:
        idempotency = importlib.import_module("app.api.idempotency")
        overrides[idempotency.idempotency_claim] = no_check
    return overrides


def _memoise_dependency_analysis() -> None:
    """Analyse each (dependency, path, scopes) once, not on every request."""
    analyse = dependency_utils.get_dependant
    if getattr(analyse, "memoised", False):
        return
    analysed: dict[Hashable, Dependant] = {}

    def memoised(**arguments: object) -> Dependant:
        key = tuple(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in sorted(arguments.items())
        )
        if key not in analysed:
            analysed[key] = analyse(**arguments)  # type: ignore[arg-type]
        return analysed[key]

    memoised.memoised = True  # type: ignore[attr-defined]
    dependency_utils.get_dependant = memoised


def without(app: FastAPI, off: list[str]) -> FastAPI:
    """``app`` with the layers in ``off`` taken out (before its first request)."""
    classes = {MIDDLEWARE_LAYERS[name] for name in off if name in MIDDLEWARE_LAYERS}
    app.user_middleware = [
        middleware
        for middleware in app.user_middleware
        if getattr(middleware.cls, "__name__", "") not in classes
    ]
    overrides = _dependency_overrides(off)
    if overrides:
        _memoise_dependency_analysis()
    app.dependency_overrides.update(overrides)
    return app


async def _changes_nothing() -> None:
    """A dependency no route has: overriding it puts an app on the override path."""


def on_override_path(app: FastAPI) -> FastAPI:
    """``app`` with every layer, on FastAPI's override path (:data:`CONTROL`)."""
    _memoise_dependency_analysis()
    app.dependency_overrides[_changes_nothing] = _changes_nothing
    return app


def build(create_app: Callable[[], FastAPI], variant: str) -> FastAPI:
    """The service for ``variant``: :data:`CONTROL`, or the layers to take out."""
    if variant == CONTROL:
        return on_override_path(create_app())
    return without(create_app(), layers_off(variant))


def create() -> FastAPI:
    """The service for ``BENCH_LAYERS_OFF`` (uvicorn factory)."""
    create_app = importlib.import_module("app.main").create_app
    return build(create_app, os.environ.get("BENCH_LAYERS_OFF", ""))
