"""``acacia-sop upgrade``: a template change arrives, a team's edit survives.

Each test builds its own template history (versions 0.1.0 and 0.2.0 of a
copy of the reference service), as ``make dist`` does from release tags.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from acacia_sop import cli
from acacia_sop.starter.answers import answers_for
from acacia_sop.starter.generate import new_service, upgrade_service
from acacia_sop.starter.template_versions import TemplateRepository, install_source
from tests.starter.conftest import REFERENCE

INSTALL_SOURCE = "acacia_sop.starter.generate.install_source"
TEMPLATE_CHANGE = "\n# Template 0.2.0: a line every service should get.\n"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _commit(folder: Path, message: str) -> None:
    for args in (["add", "--all"], ["commit", "--quiet", "-m", message]):
        subprocess.run(
            ["git", "-c", "user.name=Team", "-c", "user.email=team@acacia.io", *args],
            cwd=folder,
            check=True,
        )


class Versions:
    """A template history of two versions and a service generated from the first."""

    def __init__(self, root: Path) -> None:
        self.service = root / "reference"
        shutil.copytree(
            REFERENCE, self.service, ignore=shutil.ignore_patterns(".venv", ".data")
        )
        self.repository = TemplateRepository(root / "template-repo")
        self.repository.add_version(self.service, "0.1.0")
        self.first, self.second = root / "v0.1.0.bundle", root / "v0.2.0.bundle"
        self.repository.write_bundle(self.first)
        self.generated = new_service(
            answers_for("payments-api"), root / "payments-api", template=self.first
        )

    def release(self) -> Path:
        """Commit the changed reference service as 0.2.0; return its bundle."""
        self.repository.add_version(self.service, "0.2.0")
        self.repository.write_bundle(self.second)
        return self.second


@pytest.fixture
def versions(starter_home: Path, tmp_path: Path) -> Versions:
    return Versions(tmp_path)


def test_template_change_arrives_and_local_edit_survives(versions: Versions) -> None:
    readme = versions.generated / "README.md"
    readme.write_text(readme.read_text("utf-8") + "\n## Team notes\n", "utf-8")
    _commit(versions.generated, "docs: team notes")
    main_py = versions.service / "app" / "main.py"
    main_py.write_text(main_py.read_text("utf-8") + TEMPLATE_CHANGE, "utf-8")

    result = upgrade_service(versions.generated, template=versions.release())

    answers = yaml.safe_load((versions.generated / ".copier-answers.yml").read_text())
    assert (
        (versions.generated / "app/main.py")
        .read_text("utf-8")
        .endswith(TEMPLATE_CHANGE)
    )
    assert readme.read_text("utf-8").endswith("\n## Team notes\n")
    assert answers["_commit"] == "v0.2.0"
    assert answers["service_name"] == "payments-api"
    assert result.conflicts == []
    assert result.changed == [".copier-answers.yml", "app/main.py"]


def test_conflicting_edits_are_shown_not_overwritten(
    versions: Versions,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    line = "help: ## List targets."
    _edit(versions.generated / "Makefile", line, "help: ## Team: list our targets.")
    _commit(versions.generated, "build: our help text")
    _edit(versions.service / "Makefile", line, "help: ## Template: list targets.")
    second = versions.release()
    monkeypatch.setattr(INSTALL_SOURCE, lambda *_: install_source(second))

    code = cli.main(["upgrade", str(versions.generated)])

    makefile = (versions.generated / "Makefile").read_text("utf-8")
    out = capsys.readouterr().out
    assert code == 1
    assert "conflict: Makefile (resolve the <<<<<<< markers, then commit)" in out
    assert "help: ## Team: list our targets." in makefile
    assert "help: ## Template: list targets." in makefile
    assert "<<<<<<< " in makefile


def test_upgrade_with_nothing_new_says_up_to_date(
    versions: Versions,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(INSTALL_SOURCE, lambda *_: install_source(versions.first))

    code = cli.main(["upgrade", str(versions.generated)])

    assert code == 0
    assert capsys.readouterr().out == (
        f"{versions.generated} is up to date with acacia-sop 0.1.0\n"
    )
