"""The bench's switches take out exactly the layer they name, and nothing else."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bench.layer_apps import (
    CONTROL,
    DEPENDENCY_LAYERS,
    LAYERS,
    MIDDLEWARE_LAYERS,
    is_overridden,
    layers_off,
)
from tests.conftest import ROOT

SERVICE = ROOT / "examples" / "acacia-service"
DESCRIBE = """
import json, sys
from app.main import create_app
from bench.layer_apps import build
def named(dependency):  # a function, or an instance (get_current_user)
    module = vars(sys.modules[dependency.__module__])
    return next(name for name, value in module.items() if value is dependency)
built = {}
for value in sys.argv[1:]:
    app = build(create_app, value)
    built[value] = {
        "middleware": [m.cls.__name__ for m in app.user_middleware],
        "overrides": sorted(named(f) for f in app.dependency_overrides),
    }
print(json.dumps(built))
"""
OVERRIDDEN = {
    "strict_json": ["refuse_duplicate_keys"],
    "token_check": ["get_current_user"],
    "idempotency": ["idempotency_claim"],
}


@pytest.fixture(scope="module")
def built() -> dict[str, dict[str, list[str]]]:
    """Per switch value: the app's middleware and overridden dependencies."""
    env = {**os.environ, "ENVIRONMENT": "test", "SECRET_KEY": "layer-" + "k" * 40}
    result = subprocess.run(
        [sys.executable, "-c", DESCRIBE, "", "all", CONTROL, *LAYERS],
        cwd=SERVICE,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    described: dict[str, dict[str, list[str]]] = json.loads(
        result.stdout.splitlines()[-1]
    )
    return described


def test_the_whole_service_has_every_layer_the_bench_can_take_out(
    built: dict[str, dict[str, list[str]]],
) -> None:
    assert set(MIDDLEWARE_LAYERS.values()) <= set(built[""]["middleware"])
    assert built[""]["overrides"] == []


@pytest.mark.parametrize("layer", LAYERS)
def test_a_switch_takes_out_its_layer_only(
    built: dict[str, dict[str, list[str]]], layer: str
) -> None:
    whole = built[""]["middleware"]
    removed = [name for name in whole if name not in built[layer]["middleware"]]
    assert removed == ([MIDDLEWARE_LAYERS[layer]] if layer in MIDDLEWARE_LAYERS else [])
    assert built[layer]["overrides"] == OVERRIDDEN.get(layer, [])


def test_all_takes_out_every_layer_and_an_unknown_name_is_refused(
    built: dict[str, dict[str, list[str]]],
) -> None:
    assert set(built[""]["middleware"]) - set(built["all"]["middleware"]) == set(
        MIDDLEWARE_LAYERS.values()
    )
    assert built["all"]["overrides"] == sorted(
        name for names in OVERRIDDEN.values() for name in names
    )
    assert set(DEPENDENCY_LAYERS) < set(LAYERS)
    with pytest.raises(ValueError, match="not a layer: tracing"):
        layers_off("cors,tracing")


def test_the_control_keeps_every_layer_on_the_override_path(
    built: dict[str, dict[str, list[str]]],
) -> None:
    assert built[CONTROL]["middleware"] == built[""]["middleware"]
    assert built[CONTROL]["overrides"] == ["_changes_nothing"]


@pytest.mark.parametrize(
    ("variant", "against_the_control"),
    [
        ("cors", False),
        ("access_log", False),
        ("strict_json", True),
        ("token_check", True),
        ("idempotency", True),
        ("all", True),
        (CONTROL, False),
    ],
)
def test_apps_with_an_overridden_layer_are_measured_against_the_control(
    variant: str, against_the_control: bool
) -> None:
    assert is_overridden(variant) is against_the_control
