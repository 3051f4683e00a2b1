"""The violations ``make eval-checker`` plants to measure the checker's recall,
as a table read from ``bench/plants.yaml``."""

from __future__ import annotations

from pathlib import Path

from acacia_sop.catalog import rule_link
from bench.planted import load_plants

PLANT_TABLE_MARKER = "<!-- acacia-sop:plants -->"


def render_plant_table(root: Path) -> str:
    """One row per plant: how hard it is, the rule that must report it, what it is."""
    rows = [
        "| {} | {} | {} |".format(
            plant.level, rule_link(plant.rule), plant.why.replace("|", "\\|")
        )
        for plant in load_plants(root / "bench" / "plants.yaml")
    ]
    return "\n".join(["| Level | Rule | Planted violation |", "|---|---|---|", *rows])
