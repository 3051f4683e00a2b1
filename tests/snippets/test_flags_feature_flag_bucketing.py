"""snippets/flags/feature_flag_bucketing.py: stable buckets, honest rollouts."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest

from tests.snippets.conftest import SNIPPETS_DIR, load, printed_by

SNIPPET = "flags/feature_flag_bucketing.py"


def test_prints_each_users_state_and_the_reach(run_main: Callable[[str], str]) -> None:
    assert run_main(SNIPPET) == printed_by(SNIPPET)


def test_a_users_bucket_is_the_same_in_another_process() -> None:
    code = (
        "import runpy, sys; "
        "print(runpy.run_path(sys.argv[1])['user_bucket']('f', 'user-9'))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code, str(SNIPPETS_DIR / SNIPPET)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(other.stdout) == load(SNIPPET)["user_bucket"]("f", "user-9")


@pytest.mark.parametrize(("percent", "reach"), [(0, 0), (100, 1000)])
def test_zero_and_full_rollouts_are_exact(percent: float, reach: int) -> None:
    in_rollout = load(SNIPPET)["in_rollout"]
    users = [f"u-{n}" for n in range(1000)]
    assert sum(in_rollout("flag", user, percent) for user in users) == reach
