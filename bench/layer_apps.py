"""The reference service built without one of its layers, for ``make bench-api``.

``uvicorn bench.layer_apps:create --factory`` (run in the service's folder)
builds the service with ``app.main.create_app`` and takes out the layers
that ``BENCH_LAYERS_OFF`` names (comma-separated, ``all`` for every one).
The switch is read here only: the service has no setting that removes a
layer, so no deployment can. A middleware layer is removed from the app's
list before its stack is built; a dependency layer is overridden the way
tests override dependencies. Without the token check, the caller is still
read from the database (``BENCH_CALLER_ID``), as the bare baseline does.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request

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


def without(app: FastAPI, off: list[str]) -> FastAPI:
    """``app`` with the layers in ``off`` taken out (before its first request)."""
    classes = {MIDDLEWARE_LAYERS[name] for name in off if name in MIDDLEWARE_LAYERS}
    app.user_middleware = [
        middleware
        for middleware in app.user_middleware
        if getattr(middleware.cls, "__name__", "") not in classes
    ]
    app.dependency_overrides.update(_dependency_overrides(off))
    return app


def create() -> FastAPI:
    """The service without the layers of ``BENCH_LAYERS_OFF`` (uvicorn factory)."""
    app: FastAPI = importlib.import_module("app.main").create_app()
    return without(app, layers_off(os.environ.get("BENCH_LAYERS_OFF", "")))
