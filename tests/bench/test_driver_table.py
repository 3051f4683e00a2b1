"""The client options' cost is taken round by round, not from two medians."""

from __future__ import annotations

from bench.bench_api import driver_table
from bench.driver_cpu import DRIVER_DEFAULTS, SERVICE_OPTIONS


def test_the_cost_is_the_median_of_the_differences_within_each_round() -> None:
    samples = {
        "motor": {
            "ping": {
                SERVICE_OPTIONS: [10.0, 30.0, 50.0],
                DRIVER_DEFAULTS: [5.0, 27.0, 20.0],
            }
        }
    }

    table = driver_table(samples)

    assert table == {
        "motor": {"ping": {SERVICE_OPTIONS: 30.0, DRIVER_DEFAULTS: 20.0, "cost": 5.0}}
    }
