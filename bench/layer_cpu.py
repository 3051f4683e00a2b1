"""Each layer's own CPU time per request, measured in one process.

Under wrk on a shared 2-core machine, a layer's throughput cost moves by more
between runs than most layers cost. Here the service, the service without
each layer (:mod:`bench.layer_apps`) and the bare app are built in one
process and called through ASGI directly, one request at a time, in rounds
that rotate between them, so a slow minute of the machine falls on all of
them alike. Once each app has started against the real database, its
``app.state.database`` is swapped for :class:`StandInDatabase`, which answers
the two routes' queries from memory with the documents the real one holds:
the driver's threads and the database's answer time would otherwise move
each sample by more than a layer costs. A sample is an app's CPU time per
request over one round (``time.thread_time``: every layer runs on the event
loop's thread); an app's cost is the median of its samples, and a layer's
the median of the differences within each round (:func:`paired_cost`).
Sequential requests leave out what concurrency adds, the garbage
collector's share mostly.

``make bench-api`` runs it in the service's folder and interpreter with the
bench's environment (the apps log to standard output, as under uvicorn) and
reads the JSON it writes::

    python -m bench.layer_cpu --token TOKEN --output FILE

The user route reads the token's user, the bare app's ``BASELINE_CALLER_ID``.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import statistics
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.types import Message

from bench.layer_apps import VARIANTS, build

SERVICE = "service"
BASELINE = "baseline"
ROUNDS = 60
REQUESTS_PER_ROUND = 15
USERS = "users"


class StandInCollection:
    """``find_one`` by ``id`` over documents held in memory."""

    def __init__(self, documents: list[dict[str, Any]]) -> None:
        """Index ``documents`` by their ``id``."""
        self._by_id = {document["id"]: document for document in documents}

    async def find_one(
        self, query: dict[str, Any], projection: dict[str, bool] | None = None
    ) -> dict[str, Any] | None:
        """A copy of the document whose ``id`` the query names, or ``None``.

        The documents were read without ``_id``; ``projection`` asks no more.
        """
        document = self._by_id.get(query.get("id"))
        return dict(document) if document is not None else None


class StandInDatabase:
    """What the health and user routes ask of MongoDB, answered from memory."""

    def __init__(self, users: list[dict[str, Any]]) -> None:
        """Serve ``users`` as the ``users`` collection."""
        self._users = StandInCollection(users)

    async def command(self, name: str) -> dict[str, float]:
        """Answer ``ping`` as MongoDB does."""
        if name != "ping":
            raise ValueError(f"the stand-in answers ping only, not {name}")
        return {"ok": 1.0}

    def __getitem__(self, name: str) -> StandInCollection:
        """The ``users`` collection (the only one these routes read)."""
        if name != USERS:
            raise KeyError(f"the stand-in holds {USERS} only, not {name}")
        return self._users


def _apps() -> dict[str, FastAPI]:
    """The service, each of its variants, and the bare app."""
    create_app = importlib.import_module("app.main").create_app
    apps: dict[str, FastAPI] = {SERVICE: create_app()}
    for variant in VARIANTS:
        apps[f"without:{variant}"] = build(create_app, variant)
    apps[BASELINE] = importlib.import_module("bench.baseline_api").app
    return apps


async def _get(app: FastAPI, path: str, token: str) -> None:
    """One ``GET path`` through the app's ASGI interface; it must answer 200."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"authorization", f"Bearer {token}".encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    statuses: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(scope, receive, send)
    if statuses != [200]:
        raise RuntimeError(f"GET {path} answered {statuses}, not 200")


async def _cpu_us_per_request(
    app: FastAPI, path: str, token: str, requests: int
) -> float:
    started = time.thread_time()
    for _ in range(requests):
        await _get(app, path, token)
    return (time.thread_time() - started) * 1e6 / requests


async def measure(
    paths: dict[str, str], token: str, rounds: int, requests: int
) -> dict[str, dict[str, list[float]]]:
    """Each app's CPU µs per request on each route, one sample per round."""
    apps = _apps()
    samples: dict[str, dict[str, list[float]]] = {route: {} for route in paths}
    async with AsyncExitStack() as stack:
        for app in apps.values():
            await stack.enter_async_context(app.router.lifespan_context(app))
        real = next(iter(apps.values())).state.database
        users = await real[USERS].find({}, {"_id": False}).to_list(None)
        for app in apps.values():
            app.state.database = StandInDatabase(users)
        names = list(apps)
        for name in names:  # warm: caches, first-call imports
            for path in paths.values():
                await _cpu_us_per_request(apps[name], path, token, requests)
        for turn in range(rounds):
            order = names[turn % len(names) :] + names[: turn % len(names)]
            for route, path in paths.items():
                for name in order:
                    cost = await _cpu_us_per_request(apps[name], path, token, requests)
                    samples[route].setdefault(name, []).append(round(cost, 1))
    return samples


def median(samples: list[float]) -> float:
    """An app's CPU µs per request: the median of its rounds."""
    return round(statistics.median(samples), 1)


def paired_cost(reference: list[float], variant: list[float]) -> float:
    """What ``reference`` costs above ``variant``, round by round, as a median.

    Both were measured within each round, so the machine's slower and faster
    minutes cancel out of each difference.
    """
    differences = [r - v for r, v in zip(reference, variant, strict=True)]
    return round(statistics.median(differences), 1)


def main(argv: list[str] | None = None) -> int:
    """Write each app's CPU µs per request per round, per route, as JSON."""
    parser = argparse.ArgumentParser(prog="layer_cpu", description=__doc__)
    parser.add_argument("--token", required=True, help="a bearer token")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--requests", type=int, default=REQUESTS_PER_ROUND)
    parser.add_argument("--output", type=Path, required=True)
    arguments = parser.parse_args(argv)
    caller_id = importlib.import_module("bench.baseline_api").CALLER_ID
    os.environ.setdefault("BENCH_CALLER_ID", caller_id)  # the JWT-less variant's
    paths = {"health": "/api/v1/health", "user": f"/api/v1/users/{caller_id}"}
    result = asyncio.run(
        measure(paths, arguments.token, arguments.rounds, arguments.requests)
    )
    arguments.output.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
