"""Exports to S3, a cache in Redis and rates over HTTP, with sync clients."""

import asyncio
import urllib.request

import boto3
import redis
import requests
from sqlalchemy.orm import Session, sessionmaker

s3 = boto3.client("s3")
cache = redis.Redis(host="localhost", port=6379)
SessionLocal = sessionmaker()
http = requests.Session()


def fetch_rates() -> bytes:
    """A sync helper: fine in a thread, blocking when an async def calls it."""
    with urllib.request.urlopen("https://rates.example.com", timeout=5) as answer:
        return bytes(answer.read())


def count_rows(session: Session) -> int:
    """A sync query."""
    return int(session.execute("select 1").scalar_one())


async def export(name: str, body: bytes) -> None:
    """Store an export."""
    s3.put_object(Bucket="exports", Key=name, Body=body)  # expect: PERF-02 "s3.put_object() blocks the event loop in async export"
    cache.set(name, "done")  # expect: PERF-02
    rates = fetch_rates()  # expect: PERF-02 "fetch_rates(), which calls urllib.request.urlopen()"
    await asyncio.to_thread(fetch_rates)
    await asyncio.to_thread(lambda: s3.delete_object(Bucket="exports", Key=name))
    http.get("https://audit.example.com", params={"rates": len(rates)}, timeout=5)  # expect: PERF-02
    with SessionLocal() as session:
        session.commit()  # expect: PERF-02
        count_rows(session)  # expect: PERF-02 "count_rows(), which calls session.execute()"


def export_in_a_thread(name: str, body: bytes) -> None:
    """Sync code may block: FastAPI runs it in a thread."""
    s3.put_object(Bucket="exports", Key=name, Body=body)
