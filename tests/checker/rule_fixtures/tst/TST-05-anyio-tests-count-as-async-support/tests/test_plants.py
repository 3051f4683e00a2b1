"""Plants, tested on anyio rather than pytest-asyncio."""

import pytest


@pytest.mark.anyio
async def test_plants() -> None:
    """A test that awaits."""
    assert True
