"""The order test files are handed to the workers: the longest first.

``make test-docs`` runs the files in parallel, each file on one worker
(``--dist=loadfile``), a worker taking the next file when it is free. By
default pytest-xdist hands out the files with the most tests first, which put
the few files whose shared set-up takes minutes (the crawl of the site, the
releases, the tutorial) twentieth and later: they started last and ran alone
at the end while the other workers idled. Here those files go first, longest
first (as they took in a ``make test-docs`` run on 2 cores), then every other
file, most tests first as before; ``make test-docs`` passes
``--no-loadscope-reorder`` so that pytest-xdist keeps this order.
"""

from __future__ import annotations

from collections import Counter

import pytest

LONGEST_FIRST = (
    "tests/starter/test_new_service.py",  # the tutorial: venvs, a service, its tests
    "tests/versions/test_release.py",  # two releases, the image's builds
    "tests/browser/test_pages.py",  # the crawl: every page in three views
    "tests/starter/test_add_resource_flow.py",  # a service's whole suite, a resource on
    "tests/commands/test_commands.py",  # the service's commands, a server and a gate
    "tests/starter/test_wheel.py",  # a clean venv of the lock and the wheel
    "tests/browser/test_search.py",  # forty searches in Chromium
    "tests/starter/test_upgrade_errors.py",  # copier upgrades that fail
    "tests/install/test_supported_pythons.py",  # the lock, per newer Python
    "tests/starter/test_service_pipeline.py",  # the checklist, with ruff and mypy
    "tests/test_adding_a_rule.py",  # a clone with a new rule, its site built
)
"""Test files that take half a minute or more, longest first."""


def _file(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the files: :data:`LONGEST_FIRST`, then the rest, most tests first.

    A file's tests keep their order and stay together.
    """
    rank = {path: index for index, path in enumerate(LONGEST_FIRST)}
    tests = Counter(_file(item) for item in items)
    items.sort(key=lambda item: (rank.get(_file(item), len(rank)), -tests[_file(item)]))
