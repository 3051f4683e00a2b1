"""Run a snippet the way a reader does: ``python file.py`` in an empty directory.

Shared by the snippet tests and the browser copy-paste test, which writes the
text it copied from the site into a fresh directory and runs it with this
same interpreter.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

START_TIMEOUT_SECONDS = 30.0


def reader_env(
    mongo_uri: str | None, database_name: str | None = None
) -> dict[str, str]:
    """A clean environment: PATH, HOME and, when given, the database settings."""
    env = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    if mongo_uri is not None:
        env["MONGO_URI"] = mongo_uri
    if database_name is not None:
        env["DATABASE_NAME"] = database_name
    return env


def run_script(script: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``python script`` in the script's directory and capture its output."""
    return subprocess.run(
        [sys.executable, script.name],
        cwd=script.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answers(process: subprocess.Popen[str], url: str) -> None:
    """Poll ``url`` until it answers; fail if the process exits or time runs out."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    exited = process.poll() is not None
    output = process.stdout.read() if process.stdout and exited else ""
    raise AssertionError(f"{process.args!r} never answered {url}:\n{output}")


@contextmanager
def serving(
    command: list[str], cwd: Path, env: dict[str, str], port: int, health: str
) -> Iterator[str]:
    """Run a server on ``port``; yield its base URL once ``health`` answers."""
    base_url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_answers(process, base_url + health)
        yield base_url
    finally:
        process.terminate()
        process.communicate(timeout=10)


@contextmanager
def serve_app(script: Path, env: dict[str, str]) -> Iterator[str]:
    """Start an app snippet with ``PORT`` set; yield its base URL once it answers."""
    port = free_port()
    command = [sys.executable, script.name]
    with serving(
        command, script.parent, {**env, "PORT": str(port)}, port, "/health"
    ) as url:
        yield url
