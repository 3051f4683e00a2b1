"""Planted violations: one per copy of the reference service, to measure recall.

Each plant in ``bench/plants.yaml`` is a few edits of the reference service
(``old`` -> ``new`` text, a block appended, or a new file), the rule a
reviewer applying the SOP would cite, and the place that rule must report.
Applying a plant fails loudly when its ``old`` text is not in the service
once, so a plant cannot rot as the service changes.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "examples" / "acacia-service"
PLANTS = ROOT / "bench" / "plants.yaml"
LEVELS = ("easy", "medium", "subtle")
NOT_COPIED = shutil.ignore_patterns(
    ".venv",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".coverage*",
    "htmlcov",
    ".env",
    ".env.development",
)
"""What a developer's checkout of the service holds that git does not track."""


class PlantError(ValueError):
    """A plant that does not apply to the service as it is (or is malformed)."""


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` by ``new`` in ``file``; ``old=None`` appends ``new``, or
    writes the file when it does not exist."""

    file: str
    old: str | None
    new: str


@dataclass(frozen=True)
class Plant:
    """One violation: its edits, the rule to report it and where."""

    name: str
    level: str
    rule: str
    why: str
    edits: tuple[Edit, ...]
    at_file: str
    at_text: str | None
    """Text on the line the finding must be on; ``None``: the first edit's lines."""
    also: frozenset[str]
    """Other rules whose findings in the edited files are true findings too."""

    @property
    def files(self) -> frozenset[str]:
        """Every file the plant writes."""
        return frozenset(edit.file for edit in self.edits)


@dataclass(frozen=True)
class Planted:
    """A plant applied to a copy: where the expected finding may be."""

    plant: Plant
    root: Path
    lines: frozenset[int]
    """Lines of ``plant.at_file`` a finding must be on (any, for a new file)."""
    whole_file: bool


def load_plants(path: Path = PLANTS) -> list[Plant]:
    """Every plant of the data file, checked for shape and unique names."""
    entries = yaml.safe_load(path.read_text("utf-8"))
    plants = [_plant(entry) for entry in entries]
    names = [plant.name for plant in plants]
    if len(set(names)) != len(names):
        raise PlantError(f"{path.name}: plant names repeat")
    return plants


def _plant(entry: dict[str, Any]) -> Plant:
    name = entry.get("name", "?")
    try:
        edits = tuple(
            Edit(item["file"], item.get("old"), item["new"]) for item in entry["edits"]
        )
        at = entry.get("at", {})
        plant = Plant(
            name=name,
            level=entry["level"],
            rule=entry["rule"],
            why=entry["why"],
            edits=edits,
            at_file=at.get("file", edits[0].file),
            at_text=at.get("line"),
            also=frozenset(entry.get("also", ())),
        )
    except (KeyError, IndexError, TypeError) as error:
        raise PlantError(f"plant {name}: missing or bad field {error}") from None
    if plant.level not in LEVELS:
        raise PlantError(f"plant {name}: level {plant.level!r} not in {LEVELS}")
    return plant


def copy_service(target: Path, service: Path = SERVICE) -> Path:
    """Copy the service's files (no virtual environment, cache or local .env)."""
    shutil.copytree(service, target, ignore=NOT_COPIED)
    return target


def plant_into(plant: Plant, root: Path) -> Planted:
    """Apply ``plant`` to the copy at ``root``; raise :class:`PlantError` when an
    ``old`` text is not in its file exactly once."""
    lines: frozenset[int] = frozenset()
    whole_file = False
    for index, edit in enumerate(plant.edits):
        path = root / edit.file
        before = path.read_text("utf-8") if path.exists() else None
        if edit.old is not None:
            count = (before or "").count(edit.old)
            if count != 1:
                raise PlantError(
                    f"plant {plant.name}: {edit.file} holds its old text "
                    f"{count} times, not once: update {PLANTS.name}"
                )
            assert before is not None
            after = before.replace(edit.old, edit.new)
        else:
            after = (before or "") + edit.new
            whole_file = whole_file or (before is None and index == 0)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(after, encoding="utf-8")
    first_edit = plant.edits[0]
    final = (root / first_edit.file).read_text("utf-8")
    if first_edit.new in final:  # where the first edit's text ended up
        first = final.count("\n", 0, final.index(first_edit.new)) + 1
        lines = frozenset(range(first, first + max(first_edit.new.count("\n"), 1)))
    if plant.at_text is not None:
        text = (root / plant.at_file).read_text("utf-8").splitlines()
        lines = frozenset(n for n, line in enumerate(text, 1) if plant.at_text in line)
        if not lines:
            raise PlantError(
                f"plant {plant.name}: no line of {plant.at_file} holds "
                f"{plant.at_text!r}"
            )
        whole_file = False
    _track(root, plant.files)
    return Planted(plant, root, lines, whole_file)


def _track(root: Path, planted: Iterable[str]) -> None:
    """Make the copy a repository tracking what a commit of it would: the
    files .gitignore allows, and the plant's files even if it ignores them."""
    if shutil.which("git") is None:
        return
    commands = (["init", "-q"], ["add", "-A"], ["add", "-f", "--", *sorted(planted)])
    for command in commands:
        subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "-C", str(root), *command],  # noqa: S607
            check=True,
            capture_output=True,
        )
