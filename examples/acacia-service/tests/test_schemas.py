"""Shared request types: what a body accepts is what its JSON Schema says."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import BaseModel, ValidationError

from app.schemas.common import INPUT_CONFIG, DateTimeInput


class _Body(BaseModel):
    model_config = INPUT_CONFIG

    due: DateTimeInput


def test_a_date_time_is_rfc_3339_text_with_an_offset() -> None:
    body = _Body.model_validate({"due": "2026-01-02T04:04:05+01:00"})

    assert body.due == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert _Body.model_json_schema()["properties"]["due"]["format"] == "date-time"


@pytest.mark.parametrize("value", [1767322800, 17.5, True, "2026-01-02T03:04:05"])
def test_a_date_time_as_a_number_or_without_offset_is_refused(value: object) -> None:
    with pytest.raises(ValidationError):
        _Body.model_validate({"due": value})
