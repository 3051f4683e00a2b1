"""snippets/logging/cloud_logging_json.py: one JSON object per line, with severity."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator

import pytest

from tests.snippets.conftest import load, printed_by

SNIPPET = "logging/cloud_logging_json.py"


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_prints_one_json_line_per_record_above_the_level(
    run_main: Callable[[str], str],
) -> None:
    output = run_main(SNIPPET)
    assert output == printed_by(SNIPPET)
    lines = [json.loads(line) for line in output.splitlines()]
    assert [line["severity"] for line in lines] == ["INFO", "WARNING"]


def test_every_line_names_its_logger_and_keeps_extra_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    load(SNIPPET)["configure_json_logging"]()
    logging.getLogger("acacia.test").error("boom", extra={"user_id": "u-1"})
    line = json.loads(capsys.readouterr().out)
    assert line == {
        "severity": "ERROR",
        "message": "boom",
        "logger": "acacia.test",
        "user_id": "u-1",
    }
