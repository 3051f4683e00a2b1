"""The site's container, run as its Dockerfile says, on the built site."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from dockerfile_parse import DockerfileParser

from tests.conftest import ROOT

DOCKERFILE = ROOT / "deploy" / "site" / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """The site Dockerfile's (INSTRUCTION, arguments) pairs, comments left out."""
    parser = DockerfileParser(str(DOCKERFILE), cache_content=True)
    return [
        (step["instruction"], step["value"])
        for step in parser.structure
        if step["instruction"] != "COMMENT"
    ]


def container_command() -> list[str]:
    """The image's CMD (exec form)."""
    cmd = [args for kind, args in instructions() if kind == "CMD"]
    command: list[str] = json.loads(cmd[-1])
    return command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@contextmanager
def run_container(site_dir: Path, app_dir: Path) -> Iterator[str]:
    """The container's CMD, run in a copy of its /app, serving ``site_dir``.

    Docker is not needed: the same command runs with this environment's
    uvicorn and Starlette (the versions of the image's lock), the server file
    copied as the Dockerfile copies it, and the image's PORT and SITE_DIR.
    """
    shutil.copy(ROOT / "deploy" / "site" / "site_server.py", app_dir)
    port = _free_port()
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PORT": str(port),
        "SITE_DIR": str(site_dir),
    }
    server = subprocess.Popen(
        container_command(),
        cwd=app_dir,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            try:
                httpx.get(url, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            server.kill()
            _, stderr = server.communicate(timeout=10)
            pytest.fail(f"the site server did not start:\n{stderr.decode()}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="session")
def container_url(
    built_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The site container's command serving the built site."""
    with run_container(built_site, tmp_path_factory.mktemp("app")) as url:
        yield url
