"""What each of the reference service's layers costs, from the committed results.

``make bench-api`` writes ``bench/results/api.json``: the service and a bare
FastAPI app doing the same database work, under wrk in one run, and the
service with each layer taken out in turn. The Performance page shows it as
a table, with the date, the machine and the method.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LAYER_COSTS_MARKER = "<!-- acacia-sop:layer-costs -->"
RESULTS = Path("bench") / "results" / "api.json"
ROUTES = {
    "health": "`GET /api/v1/health` (database ping)",
    "user": "`GET /api/v1/users/{id}` (token, caller and user read)",
}
LAYER_NAMES = {
    "correlation_id": "Correlation IDs (`CorrelationIdMiddleware`)",
    "access_log": "JSON access log (`AccessLogMiddleware`)",
    "cors": "CORS (`CORSMiddleware`)",
    "body_limit": "Body and header limits (`BodySizeLimitMiddleware`)",
    "idempotency": "Idempotency keys (middleware and dependency)",
    "strict_json": "Strict JSON (`refuse_duplicate_keys`)",
    "token_check": "JWT check (the caller is still read)",
    "all": "All of the above",
}
"""Layer key in the results -> the row's name (``bench/layer_apps.py``)."""


def ratio(value: float) -> str:
    """A ratio to the bare app as the page prints it: ``0.65x``."""
    return f"{value:.2f}x"


def points(value: float) -> str:
    """A cost in hundredths of the bare app, signed: ``+0.05`` (never ``-0.00``)."""
    return f"{value:+.2f}" if round(value, 2) else "+0.00"


def microseconds(value: float, *, signed: bool = False) -> str:
    """App CPU time per request as the page prints it: ``812 µs``, ``+35 µs``."""
    return f"{value:+,.0f} µs" if signed else f"{value:,.0f} µs"


def _run(run: dict[str, float]) -> str:
    return (
        f"{run['requests_per_s']:,.0f} req/s, p99 {run['p99_ms']:.0f} ms, "
        f"{microseconds(run['app_cpu_us'])} CPU"
    )


def _service_rows(results: dict[str, Any]) -> list[str]:
    lines = [
        "| route | driver | service | bare app | throughput | p99 | app CPU |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for route, label in ROUTES.items():
        for driver, run in results["routes"][route].items():
            lines.append(
                f"| {label} | {driver} | {_run(run['service'])} "
                f"| {_run(run['baseline'])} "
                f"| {ratio(run['throughput_ratio'])} | {ratio(run['p99_ratio'])} "
                f"| {ratio(run['app_cpu_ratio'])} |"
            )
    return lines


def layer_cells(row: dict[str, float], cpu: dict[str, float]) -> list[str]:
    """A layer's three cells for one route: throughput, p99 (wrk), own CPU."""
    return [
        f"{ratio(row['throughput_ratio'])} ({points(row['throughput_cost'])})",
        f"{ratio(row['p99_ratio'])} ({points(row['p99_cost'])})",
        f"{microseconds(cpu['app_cpu_us'])} "
        f"({microseconds(cpu['app_cpu_us_cost'], signed=True)})",
    ]


def _layer_rows(layers: dict[str, Any]) -> list[str]:
    routes = layers["routes"]
    cpu = layers["cpu"]["routes"]
    header = " | ".join(
        f"{name} throughput | {name} p99 | {name} own CPU" for name in ROUTES
    )
    lines = [f"| taken out | {header} |", "| --- " * 7 + "|"]
    cells = [
        f"{ratio(routes[r]['service']['throughput_ratio'])} "
        f"| {ratio(routes[r]['service']['p99_ratio'])} "
        f"| {microseconds(cpu[r]['service'])}"
        for r in ROUTES
    ]
    lines.append(f"| nothing (the service) | {' | '.join(cells)} |")
    for layer, name in LAYER_NAMES.items():
        cells = []
        for route in ROUTES:
            cells.extend(
                layer_cells(
                    routes[route]["without"][layer], cpu[route]["without"][layer]
                )
            )
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines


def driver_cells(command: dict[str, float]) -> list[str]:
    """One command's CPU cells: driver's defaults, service's options, added."""
    return [
        microseconds(command["driver_defaults"]),
        microseconds(command["service_options"]),
        microseconds(command["cost"], signed=True),
    ]


def _driver_rows(drivers: dict[str, Any]) -> list[str]:
    lines = [
        "| driver | command | driver's defaults | service's options | added |",
        "| --- | --- | --- | --- | --- |",
    ]
    for driver, commands in drivers.items():
        for command, cpu in commands.items():
            cells = " | ".join(driver_cells(cpu))
            lines.append(f"| {driver} | `{command}` | {cells} |")
    return lines


def _left_over(cpu: dict[str, Any]) -> str:
    """What the service costs above the bare app with every layer out."""
    parts = [
        f"{microseconds(cpu[route]['without']['all']['app_cpu_us'])} against "
        f"the bare app's {microseconds(cpu[route]['baseline'])} on {route}"
        for route in ROUTES
    ]
    return " and ".join(parts)


def render_layer_costs(root: Path) -> str:
    """The service against the bare app, then the marginal cost of each layer."""
    results = json.loads((root / RESULTS).read_text("utf-8"))
    machine = results["machine"]
    layers = results["layers"]
    target = results["target"]
    load = ", ".join(f"{x:.1f}" for x in machine["load_average_before"])
    verdict = "met" if results["target_met"] else "not met"
    return "\n".join(
        [
            f"Measured on {results['date']} on a {machine['cpus']}-core machine "
            f"(load average {load} before the run; the load, SecantusDB and the "
            f"apps share the cores) with {results['tool']}. Each app runs under "
            f"one uvicorn worker on Python {machine['python']} against the same "
            "SecantusDB; the bare app "
            "(`bench/baseline_api.py`) does the same database work with the same "
            "driver and nothing else. Target: at least "
            f"{ratio(target['min_throughput_ratio'])} the bare app's throughput "
            f"and at most {ratio(target['max_p99_ratio'])} its p99 ({verdict} in "
            "this run).",
            "",
            *_service_rows(results),
            "",
            "The cost of each layer: the service built without it "
            f"(`bench/layer_apps.py`, {layers['driver']}, a switch of the bench "
            "that no deployment has). Throughput and p99 are from the run "
            "above, as ratios to the bare app, with in brackets what the layer "
            "takes in hundredths of the bare app's throughput and of its p99. "
            "On a shared machine these move by up to a fifth of the bare app "
            "between runs: read them as a rough size, not a ranking. Own CPU "
            "is the app's CPU time per request, measured apart with "
            f"{layers['cpu']['tool']}; in brackets, what the layer adds. The "
            "host's speed moves all of these numbers together, by up to a "
            "third between runs, but not their order or their size relative "
            "to each other. Rate limits and problem details do not run on "
            "these routes' successful requests. The strict JSON, JWT, "
            "idempotency and all-layers rows take a dependency out with an "
            "override, which puts every request on FastAPI's slower override "
            "path; they are compared with the whole service on that path.",
            "",
            *_layer_rows(layers),
            "",
            "With every layer out, the app still takes "
            f"{_left_over(layers['cpu']['routes'])}: FastAPI's routing, "
            "dependencies, response models and error handlers, which the bare "
            "app has fewer of.",
            "",
            "Own CPU leaves the database driver out. The bare app opens its "
            "client with the driver's defaults; the service with a deadline on "
            "every operation (`timeoutMS`), journaled majority writes and pool "
            "bounds (`app/core/database.py`). What those options add to each "
            "command, in the app's process, measured apart with "
            f"{layers['driver_options']['tool']}:",
            "",
            *_driver_rows(layers["driver_options"]["drivers"]),
        ]
    )
