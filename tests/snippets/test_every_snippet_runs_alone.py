"""Every snippet runs as a file on its own, in an empty directory, as pasted."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from tests.snippet_runs import free_port, reader_env, run_script, serve_app
from tests.snippets.conftest import NO_MONGO_URI, SNIPPETS_DIR

pytestmark = pytest.mark.integration

SNIPPETS = sorted(
    path.relative_to(SNIPPETS_DIR).as_posix() for path in SNIPPETS_DIR.rglob("*.py")
)
NO_ANSWER = "MongoDB did not answer at MONGO_URI: "
SAY_WHEN_UNREACHABLE = [
    snippet
    for snippet in SNIPPETS
    if NO_ANSWER in (SNIPPETS_DIR / snippet).read_text("utf-8")
]
NEED_A_DATABASE = [
    snippet
    for snippet in SNIPPETS
    if NO_MONGO_URI in (SNIPPETS_DIR / snippet).read_text("utf-8")
]


def _copy_alone(snippet: str, directory: Path) -> Path:
    target = directory / Path(snippet).name
    shutil.copyfile(SNIPPETS_DIR / snippet, target)
    return target


def test_there_are_at_least_fifteen_snippets() -> None:
    assert len(SNIPPETS) >= 15


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_snippet_runs_alone_and_prints_its_output_or_serves(
    snippet: str, tmp_path: Path, mongo_uri: str, unique_db_name: str
) -> None:
    script = _copy_alone(snippet, tmp_path)
    env = reader_env(mongo_uri, unique_db_name)
    expected = (SNIPPETS_DIR / snippet).with_suffix(".out")
    if expected.exists():
        result = run_script(script, env)
        assert (result.returncode, result.stdout) == (0, expected.read_text("utf-8"))
    else:
        with serve_app(script, env) as base_url:
            assert httpx.get(f"{base_url}/health").status_code == 200


@pytest.mark.parametrize("snippet", NEED_A_DATABASE)
def test_snippet_needing_a_database_says_so_in_one_line(
    snippet: str, tmp_path: Path
) -> None:
    result = run_script(_copy_alone(snippet, tmp_path), reader_env(None))
    assert result.returncode == 1
    assert result.stderr == NO_MONGO_URI + "\n"


@pytest.mark.slow
@pytest.mark.parametrize("snippet", SAY_WHEN_UNREACHABLE)
def test_snippet_says_in_one_line_when_the_database_does_not_answer(
    snippet: str, tmp_path: Path
) -> None:
    nobody_listens = f"mongodb://127.0.0.1:{free_port()}"
    result = run_script(_copy_alone(snippet, tmp_path), reader_env(nobody_listens))
    assert result.returncode == 1
    assert result.stderr == f"{NO_ANSWER}ServerSelectionTimeoutError\n"
