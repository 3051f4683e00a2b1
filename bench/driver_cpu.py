"""What the service's database client options cost per command, in the app.

The bare app opens its client with the driver's defaults; the service with
:func:`app.core.database.create_client`: a deadline on every operation
(``timeoutMS``), journaled majority writes, pool bounds. The layers of
:mod:`bench.layer_cpu` answer from memory, so this cost is measured here,
apart: both clients of one driver, in one process, against the bench's
database, with 64 commands in flight (wrk's 64 connections) in rounds that
alternate between the two. A sample is the process's CPU time per command
over a round (``time.process_time``: Motor runs PyMongo in threads); the
options' cost is the median of the differences within each round.

``make bench-api`` runs it in the service's folder and interpreter, with
the bare app's environment (``MONGO_URI``, ``BASELINE_DATABASE`` and the
user it reads, ``BASELINE_CALLER_ID``)::

    python -m bench.driver_cpu --output FILE
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import time
from pathlib import Path
from typing import Any

from motor.motor_asyncio import AsyncIOMotorDatabase
from pymongo.asynchronous.database import AsyncDatabase

SERVICE_OPTIONS = "service_options"
DRIVER_DEFAULTS = "driver_defaults"
COMMANDS = ("ping", "find_one")
"""The two commands the benched routes send: health's and the user reads'."""
DRIVERS = ("motor", "pymongo")
IN_FLIGHT = 64
ROUNDS = 20
COMMANDS_PER_ROUND = 320

Database = AsyncDatabase[dict[str, Any]] | AsyncIOMotorDatabase[dict[str, Any]]

Samples = dict[str, dict[str, dict[str, list[float]]]]
"""driver -> command -> client -> CPU µs per command, one sample a round."""
UserRead = tuple[dict[str, str], dict[str, bool]]
"""The query and projection of ``find_one``: the bare app's read of its caller."""


async def _send(database: Database, command: str, count: int, read: UserRead) -> int:
    """``count`` commands (rounded down to whole waves), ``IN_FLIGHT`` at once."""
    each = max(count // IN_FLIGHT, 1)

    async def connection() -> None:
        for _ in range(each):
            if command == "ping":
                await database.command("ping")
            else:
                await database["users"].find_one(*read)

    await asyncio.gather(*(connection() for _ in range(IN_FLIGHT)))
    return each * IN_FLIGHT


async def _cpu_us_per_command(
    database: Database, command: str, count: int, read: UserRead
) -> float:
    started = time.process_time()
    sent = await _send(database, command, count, read)
    return round((time.process_time() - started) * 1e6 / sent, 1)


async def measure(
    driver: str, rounds: int, commands: int
) -> dict[str, dict[str, list[float]]]:
    """CPU µs per command of each client of ``driver``, per command, per round."""
    config = importlib.import_module("app.core.config")
    database_module = importlib.import_module("app.core.database")
    baseline = importlib.import_module("bench.baseline_api")
    settings = config.get_settings().model_copy(update={"MONGO_DRIVER": driver})
    clients = {
        SERVICE_OPTIONS: database_module.create_client(settings),
        DRIVER_DEFAULTS: baseline.create_client(driver),
    }
    databases = {name: client[baseline.DATABASE] for name, client in clients.items()}
    read: UserRead = ({"id": baseline.CALLER_ID}, baseline.NO_ID)
    samples: dict[str, dict[str, list[float]]] = {c: {} for c in COMMANDS}
    try:
        for database in databases.values():  # connect, fill the pools
            for command in COMMANDS:
                await _send(database, command, IN_FLIGHT, read)
        for turn in range(rounds):
            order = list(databases) if turn % 2 else list(databases)[::-1]
            for command in COMMANDS:
                for name in order:
                    cost = await _cpu_us_per_command(
                        databases[name], command, commands, read
                    )
                    samples[command].setdefault(name, []).append(cost)
    finally:
        for client in clients.values():
            await database_module.close_client(client)
    return samples


def main(argv: list[str] | None = None) -> int:
    """Write each driver's samples, per command and client, as JSON."""
    parser = argparse.ArgumentParser(prog="driver_cpu", description=__doc__)
    parser.add_argument("--drivers", nargs="+", choices=DRIVERS, default=DRIVERS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--commands", type=int, default=COMMANDS_PER_ROUND)
    parser.add_argument("--output", type=Path, required=True)
    arguments = parser.parse_args(argv)
    result: Samples = {
        driver: asyncio.run(measure(driver, arguments.rounds, arguments.commands))
        for driver in arguments.drivers
    }
    arguments.output.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
