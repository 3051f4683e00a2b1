"""The template's versions: one tag per release, built from the release tags."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from acacia_sop.starter.template_versions import (
    SERVICE_IN_CHECKOUT,
    build_history,
    main,
    released_versions,
    write_bundle,
)
from tests.starter.conftest import REFERENCE

OLD_LINE = "# Only in release 0.0.\n"


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Release", "-c", "user.email=r@acacia.io", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _checkout_with_a_release(root: Path) -> Path:
    """A repository whose release tag 0.0 has a service with one extra line."""
    checkout = root / "checkout"
    service = checkout / SERVICE_IN_CHECKOUT
    shutil.copytree(REFERENCE, service, ignore=shutil.ignore_patterns(".venv", ".data"))
    (checkout / "pyproject.toml").write_text(
        '[project]\nname = "acacia-sop"\nversion = "0.1.0"\n', "utf-8"
    )
    makefile = service / "Makefile"
    current = makefile.read_text("utf-8")
    _git("init", "--quiet", cwd=checkout)
    makefile.write_text(current + OLD_LINE, "utf-8")
    _git("add", "--all", cwd=checkout)
    _git("commit", "--quiet", "-m", "release 0.0", cwd=checkout)
    for tag in ("0.0", "9.0", "v0.0.5", "0.0.5", "not-a-version"):
        _git("tag", tag, cwd=checkout)
    makefile.write_text(current, "utf-8")
    return checkout


def test_only_earlier_releases_are_kept(tmp_path: Path) -> None:
    checkout = _checkout_with_a_release(tmp_path)

    assert released_versions(checkout, "0.1.0") == ["0.0"]
    assert released_versions(tmp_path, "0.1.0") == []


def test_the_history_has_every_release_and_the_current_service(tmp_path: Path) -> None:
    checkout = _checkout_with_a_release(tmp_path)

    repository = build_history(tmp_path / "template", checkout)

    tags = _git("tag", "--list", cwd=repository.path).split()
    old = _git("show", "v0.0:template/Makefile.jinja", cwd=repository.path)
    new = _git("show", "v0.1.0:template/Makefile.jinja", cwd=repository.path)
    assert tags == ["v0.0", "v0.1.0"]
    assert old.endswith(OLD_LINE)
    assert not new.endswith(OLD_LINE)


def test_the_bundle_carries_every_version(tmp_path: Path) -> None:
    checkout = _checkout_with_a_release(tmp_path)
    bundle = tmp_path / "template.bundle"

    write_bundle(bundle, checkout)

    heads = _git("bundle", "list-heads", str(bundle), cwd=tmp_path)
    assert "refs/tags/v0.0" in heads
    assert "refs/tags/v0.1.0" in heads


def test_the_bundle_command_takes_the_checkout_as_an_argument(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checkout = _checkout_with_a_release(tmp_path)
    bundle = tmp_path / "out" / "template.bundle"

    code = main(["--repo", str(checkout), str(bundle)])

    assert (code, capsys.readouterr().out) == (0, f"wrote {bundle}\n")
    assert "refs/tags/v0.0" in _git("bundle", "list-heads", str(bundle), cwd=tmp_path)


def test_the_bundle_command_refuses_a_folder_without_the_service_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--repo", str(tmp_path), str(tmp_path / "template.bundle")])

    assert code == 2
    assert capsys.readouterr().err == (
        "python -m acacia_sop.starter.template_versions: error: "
        f"{tmp_path} is not an SOP checkout: it has no examples/acacia-service\n"
    )
    assert list(tmp_path.iterdir()) == []
