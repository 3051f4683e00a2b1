"""Run snippets in this process (so coverage sees which test ran which line)."""

from __future__ import annotations

import runpy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient
from pymongo.database import Database

from tests.conftest import ROOT

SNIPPETS_DIR = ROOT / "snippets"
NO_MONGO_URI = "MONGO_URI is not set: export MONGO_URI=mongodb://localhost:27017"


def printed_by(snippet: str) -> str:
    """What the page says the snippet prints: its ``.out`` file."""
    return (SNIPPETS_DIR / snippet).with_suffix(".out").read_text("utf-8")


def load(snippet: str) -> dict[str, Any]:
    """The snippet's globals, loaded as a module (its ``__main__`` block skipped)."""
    return runpy.run_path(str(SNIPPETS_DIR / snippet), run_name="snippet")


@pytest.fixture
def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> Callable[[str], str]:
    """Run a snippet as ``python file.py`` would, from an empty directory."""

    def run(snippet: str) -> str:
        monkeypatch.chdir(tmp_path)
        exit_code: object = 0
        try:
            runpy.run_path(str(SNIPPETS_DIR / snippet), run_name="__main__")
        except SystemExit as exit_:
            exit_code = exit_.code
        assert exit_code in (0, None), exit_code
        return capsys.readouterr().out

    return run


@pytest.fixture
def database_env(
    monkeypatch: pytest.MonkeyPatch, mongo_uri: str, unique_db_name: str
) -> Iterator[str]:
    """``MONGO_URI`` and a database of this test's own; dropped afterwards."""
    monkeypatch.setenv("MONGO_URI", mongo_uri)
    monkeypatch.setenv("DATABASE_NAME", unique_db_name)
    yield unique_db_name
    client: MongoClient[dict[str, Any]]
    with MongoClient(mongo_uri) as client:
        client.drop_database(unique_db_name)


@pytest.fixture
def snippet_database(
    database_env: str, mongo_uri: str
) -> Iterator[Database[dict[str, Any]]]:
    """The database a snippet run in this test writes to, read with PyMongo."""
    client: MongoClient[dict[str, Any]]
    with MongoClient(mongo_uri) as client:
        yield client[database_env]


def assert_refuses_without_mongo_uri(
    snippet: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``MONGO_URI`` the snippet exits non-zero with one clear line."""
    monkeypatch.delenv("MONGO_URI", raising=False)
    with pytest.raises(SystemExit) as exit_:
        runpy.run_path(str(SNIPPETS_DIR / snippet), run_name="__main__")
    assert exit_.value.code == NO_MONGO_URI
