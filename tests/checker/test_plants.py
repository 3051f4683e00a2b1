"""The planted violations of ``make eval-checker`` apply to the reference
service as it is, and a plant whose text the service lost fails loudly."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bench.planted import (
    Edit,
    Plant,
    PlantError,
    copy_service,
    load_plants,
    plant_into,
)

PLANTS = load_plants()


def test_at_least_sixteen_distinct_plants_from_easy_to_subtle() -> None:
    assert len(PLANTS) >= 16
    assert {plant.level for plant in PLANTS} == {"easy", "medium", "subtle"}


@pytest.mark.parametrize("plant", PLANTS, ids=[plant.name for plant in PLANTS])
def test_every_plant_applies_to_the_reference_service(
    plant: Plant, tmp_path: Path
) -> None:
    planted = plant_into(plant, copy_service(tmp_path / "service"))
    assert planted.whole_file or planted.lines


def test_a_plant_whose_old_text_is_gone_fails_loudly(tmp_path: Path) -> None:
    plant = PLANTS[0]
    gone = replace(plant, edits=(Edit(plant.edits[0].file, "no such text\n", "x"),))
    with pytest.raises(PlantError, match="holds its old text 0 times"):
        plant_into(gone, copy_service(tmp_path / "service"))
