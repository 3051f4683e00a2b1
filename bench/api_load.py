"""Load generators of ``make bench-api``: wrk, or an async httpx loop (quick mode).

Both send ``GET url`` with the bearer token over a fixed number of open
connections for a fixed time, and return requests per second and the p99
latency in milliseconds. wrk (Debian package ``wrk``) is the measurement;
the httpx loop needs nothing installed and checks that every app answers,
but its own cost in Python caps what it can measure.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import subprocess
import time

import httpx

_LATENCY = re.compile(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, token: str, seconds: int, connections: int) -> dict[str, float]:
    """Requests per second and p99 latency (ms) of one wrk run against ``url``."""
    output = subprocess.run(  # noqa: S603 - wrk on 127.0.0.1, fixed arguments
        [
            *("wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"),
            "--timeout=30s",
            *("-H", f"Authorization: Bearer {token}", url),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = _LATENCY.search(output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if rps is None or p99 is None or errors is not None:
        raise RuntimeError(f"wrk failed against {url}:\n{output}")
    return {
        "requests_per_s": float(rps.group(1)),
        "p99_ms": float(p99.group(1)) * _UNIT_MS[p99.group(2)],
    }


async def _load(url: str, token: str, seconds: float, connections: int) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=connections)
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def one_connection() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await client.get(url, headers=headers)
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: {response.status_code} {response.text}")
                latencies.append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(one_connection() for _ in range(connections)))
    return latencies


def httpx_load(
    url: str, token: str, seconds: int, connections: int
) -> dict[str, float]:
    """Requests per second and p99 latency (ms) of an async httpx loop on ``url``.

    Raises:
        RuntimeError: A response other than 200.
    """
    started = time.perf_counter()
    latencies = asyncio.run(_load(url, token, seconds, connections))
    elapsed = time.perf_counter() - started
    return {
        "requests_per_s": round(len(latencies) / elapsed, 2),
        "p99_ms": round(statistics.quantiles(latencies, n=100)[-1], 2),
    }
