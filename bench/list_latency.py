"""The list p50 of ``make bench-api``: one user's 10,000 orders, page by page.

The orders are written straight to the database (the shape the service
stores); then an async httpx loop, one request at a time so each latency is
the list's own, reads the first and the last page through the service. The
query is ``orders_user_id_created_at_id``'s (m0003): MongoDB reads it in index
order; SecantusDB, the database here, sorts the user's orders in memory on
every call, which is what these numbers measure.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pymongo import DESCENDING, MongoClient

DOCUMENTS = 10_000
PAGE = 20
CALLS = 30
WARM_UP = 3
TOOL = (
    f"async httpx loop, 1 request at a time, {CALLS} calls after {WARM_UP} "
    f"warm-up calls, {DOCUMENTS:,} orders of one user, pages of {PAGE}"
)


def seed_orders(mongo_uri: str, database: str, user_id: str) -> None:
    """Store :data:`DOCUMENTS` orders of ``user_id``, one second apart."""
    start = datetime.now(UTC)
    orders: list[dict[str, Any]] = [
        {
            "id": str(uuid.uuid4()),
            "user_id": user_id,
            "item": f"item-{n}",
            "quantity": 1 + n % 5,
            "total_cents": 100 + n,
            "created_at": start - timedelta(seconds=n),
        }
        for n in range(DOCUMENTS)
    ]
    client: MongoClient[dict[str, Any]] = MongoClient(mongo_uri)
    try:
        client[database]["orders"].insert_many(orders)
    finally:
        client.close()


def query_ms(mongo_uri: str, database: str, user_id: str) -> dict[str, float]:
    """Median ms of the list's two queries (first page, total), driver to database."""
    client: MongoClient[dict[str, Any]] = MongoClient(mongo_uri)
    orders = client[database]["orders"]
    sort = [("created_at", DESCENDING), ("id", DESCENDING)]
    timings: dict[str, list[float]] = {"find_first_page": [], "count": []}
    try:
        for _ in range(5):
            started = time.perf_counter()
            orders.find({"user_id": user_id}).sort(sort).limit(PAGE).to_list()
            timings["find_first_page"].append(time.perf_counter() - started)
            started = time.perf_counter()
            orders.count_documents({"user_id": user_id})
            timings["count"].append(time.perf_counter() - started)
    finally:
        client.close()
    return {
        f"{name}_p50_ms": round(statistics.median(values) * 1000, 1)
        for name, values in timings.items()
    }


async def _latencies(url: str, token: str) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=120) as client:
        latencies = []
        for call in range(WARM_UP + CALLS):
            started = time.perf_counter()
            response = await client.get(url, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            body = response.json()
            if response.status_code != 200 or body["total"] != DOCUMENTS:
                raise RuntimeError(f"{url}: {response.status_code} {response.text}")
            if call >= WARM_UP:
                latencies.append(elapsed)
        return latencies


def list_p50(service: str, user_id: str, token: str) -> dict[str, dict[str, float]]:
    """p50 and p90 (ms) of the first and the last page of the user's orders."""
    pages = {"first_page": 0, "last_page": DOCUMENTS - PAGE}
    measured = {}
    for name, offset in pages.items():
        url = f"{service}/api/v1/users/{user_id}/orders?limit={PAGE}&offset={offset}"
        latencies = asyncio.run(_latencies(url, token))
        measured[name] = {
            "p50_ms": round(statistics.median(latencies), 1),
            "p90_ms": round(statistics.quantiles(latencies, n=10)[-1], 1),
        }
    return measured
