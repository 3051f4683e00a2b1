"""The order ``make bench-api`` loads the apps in, round after round."""

from __future__ import annotations

from bench.bench_api import Served, round_order

APPS = {
    key: Served(f"http://127.0.0.1:{port}", port)
    for port, key in enumerate(
        [
            ("service", "motor"),
            ("service", "pymongo"),
            ("baseline", "motor"),
            ("baseline", "pymongo"),
            ("without:cors", "motor"),
            ("without:all", "motor"),
        ]
    )
}


def _keys(round_number: int) -> list[tuple[str, str]]:
    return [key for key, _ in round_order(APPS, round_number)]


def test_each_service_runs_beside_its_bare_app_then_the_layer_apps() -> None:
    assert _keys(0) == [
        ("service", "motor"),
        ("baseline", "motor"),
        ("service", "pymongo"),
        ("baseline", "pymongo"),
        ("without:cors", "motor"),
        ("without:all", "motor"),
    ]


def test_every_other_round_goes_the_other_way_so_no_app_is_always_first() -> None:
    assert _keys(1) == list(reversed(_keys(0)))
    assert _keys(2) == _keys(0)
    positions = {
        key: sum(_keys(number).index(key) for number in range(2)) for key in APPS
    }
    assert set(positions.values()) == {len(APPS) - 1}


def test_every_app_is_loaded_once_a_round_with_its_own_address() -> None:
    for number in range(2):
        order = round_order(APPS, number)
        assert sorted(key for key, _ in order) == sorted(APPS)
        assert all(served == APPS[key] for key, served in order)
