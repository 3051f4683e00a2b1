"""snippets/naming/conventions.py: the names it shows follow the SOP and work."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from snippets.naming import conventions
from snippets.naming.conventions import MAX_PAGE_SIZE, summarise_invoices
from tests.conftest import ROOT
from tests.snippets.conftest import printed_by

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
PASCAL = re.compile(r"^[A-Z][a-zA-Z0-9]*$")
UPPER = re.compile(r"^[A-Z][A-Z0-9_]*$")


def test_summary_totals_at_most_one_page_of_amounts() -> None:
    summary = summarise_invoices("cust-1", [100] * (MAX_PAGE_SIZE + 5))
    assert (summary.customer_id, summary.total_cents) == ("cust-1", 100 * 100)


def test_every_name_in_the_snippet_follows_its_convention() -> None:
    path = ROOT / "snippets" / "naming" / "conventions.py"
    tree = ast.parse(path.read_text("utf-8"))
    assert SNAKE.match(path.stem)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            assert PASCAL.match(node.name), node.name
        elif isinstance(node, ast.FunctionDef) and not node.name.startswith("__"):
            assert SNAKE.match(node.name), node.name
    constants = [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    assert constants, "the snippet should show module constants"
    assert all(UPPER.match(name) for name in constants)
    assert conventions.USERS_COLLECTION == "users"


def test_running_it_prints_the_summary(run_main: Callable[[str], str]) -> None:
    assert run_main("naming/conventions.py") == printed_by("naming/conventions.py")
