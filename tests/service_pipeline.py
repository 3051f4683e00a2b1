"""The reference service's Cloud Build files, read as Cloud Build reads them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT

SERVICE = ROOT / "examples" / "acacia-service"
PIPELINES = (SERVICE / "cloudbuild.yaml", SERVICE / "cloudbuild-staging.yaml")
"""Production's pipeline, then staging's: both run the checklist first."""
CHECKLIST_STEPS = ("sop-check", "sop-gate")


def pipeline(path: Path) -> dict[str, Any]:
    """The parsed Cloud Build file ``path``."""
    document = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(document, dict)
    return document


def steps(path: Path) -> list[dict[str, Any]]:
    """The steps of ``path``, in order."""
    found = pipeline(path)["steps"]
    assert isinstance(found, list)
    return found


def step(path: Path, step_id: str) -> dict[str, Any]:
    """The step of ``path`` whose ``id`` is ``step_id``."""
    (found,) = [each for each in steps(path) if each.get("id") == step_id]
    return found


def script(found: dict[str, Any]) -> str:
    """The shell script a ``bash -c`` step runs (its last argument)."""
    args = found["args"]
    assert isinstance(args, list)
    return str(args[-1])


def substitute(text: str, values: dict[str, str]) -> str:
    """What Cloud Build runs: ``$NAME`` substituted, ``$$`` left as ``$``."""
    text = re.sub(r"(?<!\$)\$([A-Z_]+)", lambda match: values[match[1]], text)
    return text.replace("$$", "$")
