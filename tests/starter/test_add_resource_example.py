"""The guide's "Add a resource" example is what the command writes, byte for byte.

The page includes the command from ``tutorials/add-resource/add_resource.sh``
and the files from ``tutorials/add-resource/invoices/``; this test runs the
command on a copy of the reference service and compares. When ``orders``
changes, regenerate: run the command in a copy of ``examples/acacia-service``
and copy the written files (and its output) back.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from acacia_sop import cli
from tests.conftest import ROOT
from tests.starter.conftest import REFERENCE

EXAMPLE = ROOT / "tutorials" / "add-resource"
WRITTEN = EXAMPLE / "invoices"
_REGION = re.compile(r"# --8<-- \[start:add\]\n(?P<body>.*?)# --8<-- \[end:add\]", re.S)
SHOWN = (
    "tutorials/add-resource/invoices/app/models/invoice.py",
    "tutorials/add-resource/invoices/app/schemas/invoice.py",
    "tutorials/add-resource/invoices/app/services/invoice_service.py",
    "tutorials/add-resource/invoices/app/api/v1/endpoints/invoices.py",
    "tutorials/add-resource/invoices/tests/test_api/test_invoices.py",
    "tutorials/add-resource/invoices/migrations/m0100_invoices_indexes.py",
    "tutorials/add-resource/invoices/app/api/v1/resources.py",
    "tutorials/add-resource/invoices/app/services/resources.py",
)
"""The files the page shows: every file the command writes but one."""
NOT_SHOWN = {"app/core/database.py"}
"""Written but not copied: the page names the one line it gains."""


def _command() -> list[str]:
    match = _REGION.search((EXAMPLE / "add_resource.sh").read_text("utf-8"))
    assert match is not None
    words = shlex.split(match["body"])
    assert words[:3] == ["acacia-sop", "add", "resource"]
    return words[1:]


def test_the_pages_example_files_are_what_the_command_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service = tmp_path / "acacia-service"
    ignored = shutil.ignore_patterns(".venv", ".data", "*_cache", "__pycache__")
    shutil.copytree(REFERENCE, service, ignore=ignored)

    code = cli.main([*_command(), "--dir", str(service)])

    out = capsys.readouterr().out
    written = [line.removeprefix("wrote: ") for line in out.splitlines()[:-1]]
    shown = [path.removeprefix(f"{WRITTEN.relative_to(ROOT)}/") for path in SHOWN]
    copied = [path.relative_to(ROOT).as_posix() for path in WRITTEN.rglob("*")]
    assert code == 0
    assert out == (EXAMPLE / "output" / "add.txt").read_text("utf-8")
    assert shown == [path for path in written if path not in NOT_SHOWN]
    assert sorted(path for path in copied if (ROOT / path).is_file()) == sorted(SHOWN)
    for path in shown:
        assert (service / path).read_text("utf-8") == (WRITTEN / path).read_text(
            "utf-8"
        ), f"{path} differs from what the command writes: regenerate the example"
    assert (
        (service / "app/core/database.py")
        .read_text("utf-8")
        .endswith('\nINVOICES_COLLECTION = "invoices"\n')
    )
