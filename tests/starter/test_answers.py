"""NAME and description: what is accepted and what follows from a name."""

from __future__ import annotations

import pytest

from acacia_sop.starter.answers import (
    InvalidAnswerError,
    ServiceAnswers,
    answers_for,
)


def test_answers_follow_from_the_name() -> None:
    assert answers_for("payments-api") == ServiceAnswers(
        service_name="payments-api",
        project_slug="payments",
        title="Payments API",
        description=(
            "Payments API: a FastAPI + MongoDB service following the Acacia SOP."
        ),
        service_account="payments-api",
    )


@pytest.mark.parametrize(
    ("name", "slug", "account"),
    [
        ("user-service", "user-service", "user-service"),
        ("a", "a", "a-service"),
        ("x" * 49, "x" * 49, "x" * 22),
        ("order-history-exports-api", "order-history-exports", "order-history-exports"),
    ],
)
def test_database_prefix_and_service_account(
    name: str, slug: str, account: str
) -> None:
    answers = answers_for(name)

    assert answers.project_slug == slug
    assert answers.service_account == account
    assert 6 <= len(answers.service_account) <= 22


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Bad Name", "'Bad Name' is not kebab-case"),
        ("bad_name", "'bad_name' is not kebab-case"),
        ("-x", "'-x' is not kebab-case"),
        ("x-", "'x-' is not kebab-case"),
        ("a--b", "'a--b' is not kebab-case"),
        ("9lives", "'9lives' is not kebab-case"),
        ("x" * 50, "has 50 characters; Cloud Run allows at most 49"),
        ("", "NAME is empty"),
    ],
)
def test_invalid_names_are_refused(name: str, message: str) -> None:
    with pytest.raises(InvalidAnswerError, match=message):
        answers_for(name)


@pytest.mark.parametrize("description", ['say "hi"', "back\\slash", "two\nlines", "  "])
def test_descriptions_that_would_break_toml_are_refused(description: str) -> None:
    with pytest.raises(InvalidAnswerError, match="description"):
        answers_for("payments-api", description)
