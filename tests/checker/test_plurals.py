"""API-07 and STY-05 judge plurals with one function, so they agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from acacia_sop.checker.engine import run_checklist
from acacia_sop.checker.model import Status
from acacia_sop.checker.repo import ServiceRepo
from acacia_sop.checker.rules._plurals import is_plural_noun, plural_noun

SERVICE = "app/services/item_service.py"
ENDPOINT = "app/api/v1/endpoints/items.py"


@pytest.mark.parametrize(
    ("word", "plural"),
    [
        ("users", True),
        ("people", True),
        ("criteria", True),
        ("inventory", True),
        ("feedback", True),
        ("user", False),
        ("status", False),
        ("", False),
    ],
)
def test_a_noun_is_plural_by_inflect_or_as_a_mass_noun(word: str, plural: bool) -> None:
    assert is_plural_noun(word) is plural


def test_the_plural_of_a_noun_is_english() -> None:
    assert [plural_noun(w) for w in ("category", "person", "inventory")] == [
        "categories",
        "people",
        "inventory",
    ]


def _name_everything(service: Path, name: str) -> dict[str, Status]:
    """The collection and the route prefix renamed ``name``; API-07 and STY-05."""
    for file, old, new in [
        (SERVICE, 'ITEMS = "items"', f'ITEMS = "{name}"'),
        (ENDPOINT, 'prefix="/items"', f'prefix="/{name}"'),
    ]:
        path = service / file
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new), "utf-8")
    report = run_checklist(ServiceRepo(service), only={"API-07", "STY-05"})
    return {result.rule_id: result.status for result in report.results}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("inventory", Status.PASSED),
        ("people", Status.PASSED),
        ("item", Status.FAILED),
        ("category", Status.FAILED),
    ],
)
def test_api_07_and_sty_05_agree_on_a_name(
    compliant_copy: Path, name: str, status: Status
) -> None:
    assert _name_everything(compliant_copy, name) == {
        "API-07": status,
        "STY-05": status,
    }


def test_inflect_loads_without_typeguard_and_leaves_no_stand_in() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from acacia_sop.checker.rules._plurals import plural_noun\n"
            "print(plural_noun('category'), 'typeguard' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.split() == ["categories", "False"]
