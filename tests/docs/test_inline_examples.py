"""Inline Python blocks on the pages run, and print what the page says.

Included blocks (``--8<--``) are run by their own tests; a block marked
``test="skip" reason="..."`` is listed by ``test_sources`` instead.
"""

from __future__ import annotations

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from tests.conftest import DOCS_DIR

pytestmark = pytest.mark.docs

INLINE_EXAMPLES = [
    example
    for example in find_examples(DOCS_DIR)
    if "--8<--" not in example.source
    and example.prefix_settings().get("test") != "skip"
]


def test_pages_hold_inline_examples() -> None:
    assert len(INLINE_EXAMPLES) >= 1, "expected at least one inline example"


@pytest.mark.parametrize("example", INLINE_EXAMPLES, ids=str)
def test_inline_example_runs_and_prints_what_the_page_says(
    example: CodeExample, eval_example: EvalExample
) -> None:
    eval_example.run_print_check(example)
