"""``make bench-api``: the reference service, each layer of it, and a bare app.

Starts SecantusDB, then under one uvicorn worker each: the service and
``bench/baseline_api.py`` (the same database work with the same driver,
nothing else), with Motor and with PyMongo's async client, and the service
built without one layer at a time (:mod:`bench.layer_apps`, Motor). wrk
(Debian package ``wrk``) loads each on 127.0.0.1, in rounds that keep each
service beside its bare app (:func:`round_order`); the medians, the
service/baseline ratios and each layer's marginal cost go to
``bench/results/api.json``, with each app's own CPU time per request (read
from ``/proc``). Then each layer's own CPU per request, measured in
one process (:mod:`bench.layer_cpu`), goes under ``layers.cpu``, what the
service's database client options cost per command (:mod:`bench.driver_cpu`)
under ``layers.driver_options``, and the list p50 at 10,000 documents
(:mod:`bench.list_latency`) under ``lists``.
Without wrk the command says so and exits 1.

``--quick`` loads every app for a second with an async httpx loop instead
of wrk (nothing to install), skips the lists and writes only to
``--output``: it checks that the bench runs on a service (``--service``, a
generated one too), not what the layers cost.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import httpx

from bench import driver_cpu, layer_cpu
from bench.api_load import httpx_load, wrk
from bench.layer_apps import CONTROL, VARIANTS, is_overridden
from bench.list_latency import TOOL as LIST_TOOL
from bench.list_latency import list_p50, query_ms, seed_orders

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "examples" / "acacia-service"
RESULTS = ROOT / "bench" / "results" / "api.json"
DRIVERS = driver_cpu.DRIVERS
LAYER_DRIVER = "motor"
"""The driver the per-layer apps run on: the service's default."""
ROUTES = ("health", "user")
CONNECTIONS = 64
SECONDS = int(os.environ.get("BENCH_API_SECONDS", "8"))
ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "2"))
TARGET = {"min_throughput_ratio": 0.85, "max_p99_ratio": 1.3}
ADMIN = {"username": "admin@acacia.io", "password": "bench-admin-password"}
CPU_TOOL = (
    "one process, ASGI called directly, one request at a time, the database's "
    "answers from memory, {rounds} rotating rounds of {requests} requests, "
    "medians of each app and of each layer's difference within a round "
    "(bench/layer_cpu.py)"
)
DRIVER_TOOL = (
    "one process, both clients of a driver against the same SecantusDB, "
    f"{driver_cpu.IN_FLIGHT} commands in flight, {{rounds}} alternating rounds of "
    "{commands} commands, medians of each client and of the difference within "
    "a round (bench/driver_cpu.py)"
)

Load = Callable[[str, str, int, int], dict[str, float]]
Run = dict[str, float]


@dataclass(frozen=True)
class Mode:
    """How one ``bench_api`` run loads the apps and what it measures."""

    load: Load
    tool: str
    seconds: int
    connections: int
    rounds: int
    drivers: tuple[str, ...]
    layers: bool
    lists: bool
    warm_up: bool
    cpu_rounds: int
    cpu_requests: int
    driver_rounds: int
    driver_commands: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _wait_until_up(url: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def _wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


class Served(NamedTuple):
    """An app under uvicorn: where it answers, and its process (for CPU time)."""

    url: str
    pid: int


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND


@contextmanager
def _process(
    args: list[str], cwd: Path, env: dict[str, str]
) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
        args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _uvicorn(app: str, port: int, *, python: str, factory: bool = False) -> list[str]:
    """The command serving ``app``; every app runs on the service's ``python``."""
    return [
        *(python, "-m", "uvicorn", app, "--host", "127.0.0.1"),
        *("--port", str(port), "--no-proxy-headers", "--log-level", "warning"),
        *(["--factory"] if factory else []),
    ]


App = tuple[str, str]
"""(app, driver): ``("service", "motor")``, ``("without:cors", "motor")``, ..."""


def round_order(apps: dict[App, Served], round_number: int) -> list[tuple[App, Served]]:
    """The order a round loads the apps in: fair to each, whatever the drift.

    Each service runs right beside its bare app, the layer apps after them,
    and every other round goes the other way, so each app is measured as
    early as late on average. Under one fixed order, the machine sped up
    along each round: on health, apps that differ from the service by under
    2 µs of CPU a request served 28 % more than the service, always first.
    """
    services = [key for key in apps if key[0] == "service"]
    paired = [
        key
        for service in services
        for key in (service, ("baseline", service[1]))
        if key in apps
    ]
    order = paired + [key for key in apps if key not in paired]
    if round_number % 2:
        order.reverse()
    return [(key, apps[key]) for key in order]


def _median(runs: list[Run]) -> Run:
    return {
        key: round(statistics.median(run[key] for run in runs), 2) for key in runs[0]
    }


def _ratios(app: Run, bare: Run) -> dict[str, float]:
    return {
        "throughput_ratio": round(app["requests_per_s"] / bare["requests_per_s"], 3),
        "p99_ratio": round(app["p99_ms"] / bare["p99_ms"], 3),
        "app_cpu_ratio": round(app["app_cpu_us"] / bare["app_cpu_us"], 3),
    }


def python_version(python: str) -> str:
    """The version of the interpreter every app runs on, as ``3.11.7``."""
    return subprocess.run(  # noqa: S603 - the service's interpreter
        [python, "-c", "import platform; print(platform.python_version())"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _database_name(service: Path, python: str, env: dict[str, str]) -> str:
    """The database the service uses with ``env`` (a generated one has its own)."""
    return subprocess.run(  # noqa: S603 - the service's interpreter
        [
            python,
            "-c",
            "from app.core.config import get_settings; "
            "print(get_settings().database_name)",
        ],
        cwd=service,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _environment(mongo_uri: str) -> dict[str, str]:
    return {
        **os.environ,
        "ENVIRONMENT": "test",
        "MONGO_URI": mongo_uri,
        "DATABASE_NAME_SUFFIX": "bench",
        "SECRET_KEY": "bench-" + "k" * 48,
        "FIRST_ADMIN_EMAIL": ADMIN["username"],
        "FIRST_ADMIN_PASSWORD": ADMIN["password"],
        "LOG_LEVEL": "INFO",
        # SecantusDB sorts a list of 10,000 in memory, past the 2 s default
        # deadline under load (a 503): let the list p50 be measured.
        "MONGO_TIMEOUT_MS": "60000",
        # A loaded machine answers a ping in seconds: a 503 is not measured.
        "HEALTH_CHECK_TIMEOUT_SECONDS": "30",
    }


def _reference(variant: str) -> str:
    """The app a variant's cost is taken from (see :data:`CONTROL`)."""
    return f"without:{CONTROL}" if is_overridden(variant) else "service"


def _layer_table(runs: dict[tuple[str, str, str], list[Run]]) -> dict[str, Any]:
    """Each layer's marginal cost under load: what taking it out gives back.

    ``throughput_cost`` is the share of the bare app's throughput the layer
    takes (without it minus with it); ``p99_cost`` the part of the p99 ratio
    it adds. Apps with an overridden layer are compared with the control,
    the others with the service. Noise makes a small cost come out negative.
    """
    table: dict[str, Any] = {}
    for route in ROUTES:
        bare = _median(runs[(route, LAYER_DRIVER, "baseline")])
        with_all: dict[str, dict[str, float]] = {
            app: _ratios(_median(runs[(route, LAYER_DRIVER, app)]), bare)
            for app in ("service", f"without:{CONTROL}")
        }
        without = {}
        for variant in VARIANTS:
            run = _median(runs[(route, LAYER_DRIVER, f"without:{variant}")])
            ratios = _ratios(run, bare)
            full = with_all[_reference(variant)]
            cost = {
                "throughput_cost": round(
                    ratios["throughput_ratio"] - full["throughput_ratio"], 3
                ),
                "p99_cost": round(full["p99_ratio"] - ratios["p99_ratio"], 3),
            }
            without[variant] = {**run, **ratios, **cost}
        table[route] = {"service": with_all["service"], "without": without}
    return table


def _cpu_table(samples: dict[str, dict[str, list[float]]]) -> dict[str, Any]:
    """Each layer's own CPU µs per request (:mod:`bench.layer_cpu`)."""
    table: dict[str, Any] = {}
    for route, apps in samples.items():
        without = {
            variant: {
                "app_cpu_us": layer_cpu.median(apps[f"without:{variant}"]),
                "app_cpu_us_cost": layer_cpu.paired_cost(
                    apps[_reference(variant)], apps[f"without:{variant}"]
                ),
            }
            for variant in VARIANTS
        }
        table[route] = {
            "service": layer_cpu.median(apps[layer_cpu.SERVICE]),
            "baseline": layer_cpu.median(apps[layer_cpu.BASELINE]),
            "without": without,
        }
    return table


def _in_service(
    module: str, arguments: list[str], service: Path, python: str, env: dict[str, str]
) -> dict[str, Any]:
    """Run ``bench.<module>`` in the service's interpreter and folder; its JSON."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{module}-") as folder:
        output = Path(folder) / "samples.json"
        subprocess.run(  # noqa: S603 - the service's interpreter, our module
            [python, "-m", f"bench.{module}", "--output", str(output), *arguments],
            cwd=service,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        measured: dict[str, Any] = json.loads(output.read_text())
    return measured


def driver_table(samples: driver_cpu.Samples) -> dict[str, Any]:
    """Each driver's CPU µs per command with each client, and the options' cost."""
    return {
        driver: {
            command: {
                **{name: layer_cpu.median(runs) for name, runs in clients.items()},
                "cost": layer_cpu.paired_cost(
                    clients[driver_cpu.SERVICE_OPTIONS],
                    clients[driver_cpu.DRIVER_DEFAULTS],
                ),
            }
            for command, clients in commands.items()
        }
        for driver, commands in samples.items()
    }


def _measure(mode: Mode, service: Path, python: str) -> dict[str, Any]:
    """Start everything, load the apps in rounds (:func:`round_order`); the runs."""
    with ExitStack() as stack:
        storage = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-db-"))
        db_port = _free_port()
        mongo_uri = f"mongodb://127.0.0.1:{db_port}/?directConnection=true"
        env = _environment(mongo_uri)
        stack.enter_context(
            _process(
                [
                    *(sys.executable, "-m", "secantus", "--port", str(db_port)),
                    *("--storage-path", storage, "--log-level", "ERROR"),
                ],
                ROOT,
                env,
            )
        )
        _wait_for_port(db_port)
        subprocess.run(  # noqa: S603 - the service's interpreter
            [python, "-m", "migrations", "apply"],
            cwd=service,
            env=env,
            check=True,
            capture_output=True,
        )
        database = _database_name(service, python, env)
        apps: dict[App, Served] = {}

        for driver in mode.drivers:
            port = _free_port()
            process = stack.enter_context(
                _process(
                    _uvicorn("app.main:app", port, python=python),
                    service,
                    {**env, "MONGO_DRIVER": driver},
                )
            )
            apps[("service", driver)] = Served(f"http://127.0.0.1:{port}", process.pid)
        for url, _ in apps.values():
            _wait_until_up(f"{url}/api/v1/health")
        first = apps[("service", mode.drivers[0])].url
        token = httpx.post(f"{first}/api/v1/auth/token", data=ADMIN).json()[
            "access_token"
        ]
        headers = {"Authorization": f"Bearer {token}"}
        admin_id = httpx.get(f"{first}/api/v1/users/me", headers=headers).json()["id"]
        for driver in mode.drivers:
            port = _free_port()
            process = stack.enter_context(
                _process(
                    _uvicorn("baseline_api:app", port, python=python),
                    ROOT / "bench",
                    {
                        **env,
                        "MONGO_DRIVER": driver,
                        "BASELINE_DATABASE": database,
                        "BASELINE_CALLER_ID": admin_id,
                    },
                )
            )
            apps[("baseline", driver)] = Served(f"http://127.0.0.1:{port}", process.pid)
        layer_env = {
            **env,
            "MONGO_DRIVER": LAYER_DRIVER,
            "PYTHONPATH": str(ROOT),
            "BENCH_CALLER_ID": admin_id,
        }
        for variant in VARIANTS if mode.layers else ():
            port = _free_port()
            process = stack.enter_context(
                _process(
                    _uvicorn(
                        "bench.layer_apps:create", port, python=python, factory=True
                    ),
                    service,
                    {**layer_env, "BENCH_LAYERS_OFF": variant},
                )
            )
            apps[(f"without:{variant}", LAYER_DRIVER)] = Served(
                f"http://127.0.0.1:{port}", process.pid
            )
        for url, _ in apps.values():
            _wait_until_up(f"{url}/api/v1/health")
        paths = {"health": "/api/v1/health", "user": f"/api/v1/users/{admin_id}"}
        for url, _ in apps.values() if mode.warm_up else ():  # pools, caches
            for path in paths.values():
                mode.load(url + path, token, 1, 8)
        runs: dict[tuple[str, str, str], list[Run]] = {}
        for round_number in range(mode.rounds):
            for route, path in paths.items():
                for (app, driver), (url, pid) in round_order(apps, round_number):
                    cpu_before = _cpu_seconds(pid)
                    result = mode.load(
                        url + path, token, mode.seconds, mode.connections
                    )
                    cpu = _cpu_seconds(pid) - cpu_before
                    requests = result["requests_per_s"] * mode.seconds
                    result["app_cpu_us"] = round(cpu * 1e6 / requests, 1)
                    runs.setdefault((route, driver, app), []).append(result)
        cpu_samples: dict[str, dict[str, list[float]]] = {}
        driver_samples: driver_cpu.Samples = {}
        if mode.layers:
            cpu_env = {
                **layer_env,
                "BASELINE_DATABASE": database,
                "BASELINE_CALLER_ID": admin_id,
            }
            cpu_samples = _in_service(
                "layer_cpu",
                [
                    *("--token", token),
                    *("--rounds", str(mode.cpu_rounds)),
                    *("--requests", str(mode.cpu_requests)),
                ],
                *(service, python, cpu_env),
            )
            driver_samples = _in_service(
                "driver_cpu",
                [
                    *("--drivers", *mode.drivers),
                    *("--rounds", str(mode.driver_rounds)),
                    *("--commands", str(mode.driver_commands)),
                ],
                *(service, python, cpu_env),
            )
        lists: dict[str, Any] = {}
        if mode.lists:
            seed_orders(mongo_uri, database, admin_id)
            for driver in mode.drivers:
                lists[driver] = list_p50(apps[("service", driver)].url, admin_id, token)
            lists["database_only"] = query_ms(mongo_uri, database, admin_id)
    return {
        "runs": runs,
        "lists": lists,
        "cpu": cpu_samples,
        "driver_options": driver_samples,
    }


def _results(
    mode: Mode, measured: dict[str, Any], load: list[float], python: str
) -> dict[str, Any]:
    runs = measured["runs"]
    results: dict[str, Any] = {
        "tool": mode.tool,
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "python": python_version(python),
            "load_average_before": [round(x, 2) for x in load],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "target": TARGET,
        "routes": {},
    }
    met = True
    for route in ROUTES:
        results["routes"][route] = {}
        for driver in mode.drivers:
            service_run = _median(runs[(route, driver, "service")])
            baseline_run = _median(runs[(route, driver, "baseline")])
            ratios = _ratios(service_run, baseline_run)
            results["routes"][route][driver] = {
                "service": service_run,
                "baseline": baseline_run,
                **ratios,
            }
            met &= ratios["throughput_ratio"] >= TARGET["min_throughput_ratio"]
            met &= ratios["p99_ratio"] <= TARGET["max_p99_ratio"]
    results["target_met"] = met
    if mode.layers:
        results["layers"] = {
            "driver": LAYER_DRIVER,
            "date": results["date"],
            "routes": _layer_table(runs),
            "cpu": {
                "tool": CPU_TOOL.format(
                    rounds=mode.cpu_rounds, requests=mode.cpu_requests
                ),
                "routes": _cpu_table(measured["cpu"]),
            },
            "driver_options": {
                "tool": DRIVER_TOOL.format(
                    rounds=mode.driver_rounds, commands=mode.driver_commands
                ),
                "drivers": driver_table(measured["driver_options"]),
            },
        }
    return results


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench_api", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="httpx loop, 1 s each")
    parser.add_argument("--service", type=Path, default=SERVICE)
    parser.add_argument(
        "--python", default=sys.executable, help="the service's interpreter"
    )
    parser.add_argument("--output", type=Path, help="default: bench/results/api.json")
    parser.add_argument("--no-layers", action="store_true", help="service vs bare only")
    parser.add_argument("--no-lists", action="store_true", help="keep the lists")
    arguments = parser.parse_args(argv)
    if not (arguments.service / "app" / "main.py").is_file():
        parser.error(f"{arguments.service} is not a service (no app/main.py)")
    if os.sep in arguments.python:  # the apps run in the service's folder
        arguments.python = str(Path(arguments.python).absolute())
    if shutil.which(arguments.python) is None:
        parser.error(f"--python {arguments.python}: no such interpreter")
    if arguments.quick and arguments.output is None:
        parser.error("--quick writes only to a file given with --output")
    return arguments


def _mode(arguments: argparse.Namespace) -> Mode:
    if arguments.quick:
        return Mode(
            load=httpx_load,
            tool="async httpx loop, 8 connections, 1 s, 1 round (quick mode)",
            seconds=1,
            connections=8,
            rounds=1,
            drivers=(LAYER_DRIVER,),
            layers=True,
            lists=False,
            warm_up=False,
            cpu_rounds=3,
            cpu_requests=5,
            driver_rounds=2,
            driver_commands=64,
        )
    return Mode(
        load=wrk,
        tool=f"wrk 1 thread, {CONNECTIONS} connections, {SECONDS} s, "
        f"median of {ROUNDS} rounds, each service beside its bare app, "
        "every other round in reverse order",
        seconds=SECONDS,
        connections=CONNECTIONS,
        rounds=ROUNDS,
        drivers=DRIVERS,
        layers=not arguments.no_layers,
        lists=not arguments.no_lists,
        warm_up=True,
        cpu_rounds=layer_cpu.ROUNDS,
        cpu_requests=layer_cpu.REQUESTS_PER_ROUND,
        driver_rounds=driver_cpu.ROUNDS,
        driver_commands=driver_cpu.COMMANDS_PER_ROUND,
    )


def main(argv: list[str] | None = None) -> int:
    """Measure, then write the results (the committed file unless ``--output``)."""
    arguments = _arguments(argv)
    if not arguments.quick and shutil.which("wrk") is None:
        print(
            "bench-api: wrk is missing: install it (apt-get install wrk), "
            "or run bench/bench_api.py --quick --output FILE (an httpx loop)",
            file=sys.stderr,
        )
        return 1
    mode = _mode(arguments)
    load_before = list(os.getloadavg())
    measured = _measure(mode, arguments.service.resolve(), arguments.python)
    output: Path = arguments.output or RESULTS
    previous = json.loads(output.read_text()) if output.exists() else {}
    results = _results(mode, measured, load_before, arguments.python)
    if mode.lists:
        results["lists"] = {
            "tool": LIST_TOOL,
            "database": "SecantusDB",
            "orders": measured["lists"],
        }
    for kept in ("layers", "lists", "explanation"):
        if kept in previous and kept not in results:
            results[kept] = previous[kept]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: results[k] for k in ("routes", "target_met")}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
