"""Python examples that are not whole files, run and linted by pytest-examples.

The reference service's docstrings, which the API reference page renders with
mkdocstrings, show how to call its pure functions in ```` ```py ```` blocks:
each runs with the service importable, prints what its ``#>`` lines say, and
passes black and ruff at 88 columns. (Whole files are snippets, run by
``tests/snippets/``; the README's only Python fences show the include syntax.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from sitebuild.service_reference import service_dir, service_importable
from tests.conftest import ROOT

SERVICE_DIR = service_dir(ROOT)
EXAMPLES = list(find_examples(SERVICE_DIR / "app"))


@pytest.fixture
def service_on_path() -> Iterator[None]:
    """The service's ``app`` importable, as the examples import it."""
    with service_importable(SERVICE_DIR):
        yield


def test_the_service_docstrings_carry_examples() -> None:
    assert {example.path.name for example in EXAMPLES} >= {"helpers.py"}
    assert all(example.prefix == "py" for example in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
@pytest.mark.usefixtures("service_on_path")
def test_each_example_runs_prints_what_it_says_and_passes_lint(
    example: CodeExample, eval_example: EvalExample
) -> None:
    eval_example.set_config(
        line_length=88,
        target_version="py310",
        ruff_line_length=88,
        ruff_select=["E", "F", "W", "I", "UP", "B", "S"],
    )

    eval_example.lint(example)
    eval_example.run_print_check(example)
