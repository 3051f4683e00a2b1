"""Fixture services for the checker; their own tests are data, not tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
COMPLIANT = FIXTURES / "compliant"
collect_ignore_glob = ["fixtures/*", "rule_fixtures/*"]


@pytest.fixture
def compliant_copy(tmp_path: Path) -> Path:
    """A fresh copy of the compliant fixture service."""
    target = tmp_path / "service"
    shutil.copytree(
        COMPLIANT, target, ignore=shutil.ignore_patterns("*_cache", "__pycache__")
    )
    return target
