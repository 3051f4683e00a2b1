"""snippets/testing/rollout_bound.py: the drift a rollout test may allow."""

from __future__ import annotations

import math
from collections.abc import Callable

from tests.snippets.conftest import load, printed_by

SNIPPET = "testing/rollout_bound.py"


def test_prints_the_bound_for_a_ten_percent_rollout(
    run_main: Callable[[str], str],
) -> None:
    assert run_main(SNIPPET) == printed_by(SNIPPET)


def test_no_drift_is_allowed_for_all_or_nothing_rollouts() -> None:
    allowed_drift = load(SNIPPET)["allowed_drift"]
    assert allowed_drift(10_000, 0.0) == allowed_drift(10_000, 1.0) == 0.0
    assert math.isclose(allowed_drift(100, 0.5, deviations=1), 5.0)
