"""Publishing and installing acacia-sop: one tag, Artifact Registry, --index-url only.

The release tag ``x.y`` that ``make release`` creates is pyproject.toml's
version: the pipeline it triggers refuses any other, then builds and uploads
the wheel at that version (the site's steps: ``tests/hosting/``).
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.service_pipeline import PIPELINES, script, step, substitute

RELEASE = ROOT / "cloudbuild-release.yaml"
PIP_INSTALLS = re.compile(r"pip install[^\n]*")
PYPROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))[
    "project"
]["version"]


def _steps() -> dict[str, dict[str, object]]:
    steps = yaml.safe_load(RELEASE.read_text("utf-8"))["steps"]
    return {step["id"]: step for step in steps}


def _files_that_install() -> list[Path]:
    candidates = [RELEASE, *PIPELINES, *(ROOT / "docs").rglob("*.md")]
    candidates += (ROOT / "tutorials").rglob("*.sh")
    return [path for path in candidates if "pip install" in path.read_text("utf-8")]


def test_the_release_builds_with_make_dist_and_uploads_the_wheel() -> None:
    steps = _steps()
    build = script(steps["wheel"])

    assert "git fetch --quiet --tags" in script(steps["history"])
    assert list(steps).index("test") < list(steps).index("wheel")
    assert "make dist" in build
    assert 'export UV_DEFAULT_INDEX="$$PIP_INDEX_URL"' in build, "uv: one index too"
    assert "twine upload" in build
    assert "python.pkg.dev/$PROJECT_ID/acacia-python-internal/" in build
    assert build.rstrip().endswith("dist/acacia_sop-*.whl")


@pytest.mark.parametrize(
    ("tag", "code"), [(PYPROJECT_VERSION, 0), (f"v{PYPROJECT_VERSION}", 1), ("9.9", 1)]
)
def test_the_release_refuses_a_tag_that_is_not_the_version(tag: str, code: int) -> None:
    command = substitute(script(_steps()["version"]), {"TAG_NAME": tag})

    result = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, check=False
    )

    assert result.returncode == code, result.stdout


def test_every_pip_install_of_our_tools_uses_the_private_index_only() -> None:
    installs = {
        path.relative_to(ROOT).as_posix(): PIP_INSTALLS.findall(path.read_text("utf-8"))
        for path in _files_that_install()
    }
    ours = [
        (path, line)
        for path, lines in installs.items()
        for line in lines
        if re.search(r"acacia-sop|twine", line) and " -e " not in line
    ]

    assert {path for path, _ in ours} >= {
        "cloudbuild-release.yaml",
        "examples/acacia-service/cloudbuild.yaml",
        "tutorials/new-service/new_service.sh",
    }
    for path, line in ours:
        assert "--extra-index-url" not in line, path
        assert "--index-url" in line or "PIP_INDEX_URL" in installs_text(path), path


def installs_text(path: str) -> str:
    """The text of a file that installs our tools."""
    return (ROOT / path).read_text("utf-8")


@pytest.mark.parametrize("pipeline", PIPELINES, ids=lambda path: path.name)
def test_the_checklist_step_installs_from_artifact_registry(pipeline: Path) -> None:
    command = script(step(pipeline, "sop-check"))

    assert (
        'INDEX="https://oauth2accesstoken:$$TOKEN@us-central1-python.pkg.dev/$PROJECT_ID/acacia-python/simple/"'
        in command
    )
    lines = [line for line in command.splitlines() if " pip " in f" {line}"]
    assert [line.split(" --")[0] for line in lines] == [
        "pip install",  # uv, from its hashed lock
        "uv pip sync",  # the service's hashed dev lock, as `make install`
        "uv pip install",  # the checker beside it
    ]
    assert all('--index-url "$$INDEX"' in line for line in lines)
    assert "--require-hashes --no-deps" in lines[0]
    assert lines[0].endswith("-r requirements-uv.lock")
    assert "--require-hashes" in lines[1]
    assert lines[1].endswith(" requirements-dev.lock")
    assert command.index("requirements-dev.lock") < command.index(
        f"acacia-sop=={PYPROJECT_VERSION}"
    )
    assert command.index(f"acacia-sop=={PYPROJECT_VERSION}") < command.index(
        "acacia-sop check . --run-tools"
    )
