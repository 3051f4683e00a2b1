"""One source: the template is the reference service, built in one step."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import copier
import pytest

from acacia_sop.starter.answers import REFERENCE_ANSWERS, ServiceAnswers, answers_for
from acacia_sop.starter.template import (
    ANSWERS_FILE,
    TEMPLATE_SUFFIX,
    build_template,
    service_files,
    to_jinja,
)
from tests.starter.conftest import REFERENCE


def _render(service: Path, answers: ServiceAnswers, tmp_path: Path) -> Path:
    template, out = tmp_path / "template", tmp_path / "out"
    build_template(service, template)
    copier.run_copy(
        str(template), str(out), data=answers.as_data(), defaults=True, quiet=True
    )
    return out


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != ANSWERS_FILE
    }


def test_rendering_with_the_reference_answers_gives_the_service_back(
    tmp_path: Path,
) -> None:
    rendered = _render(REFERENCE, REFERENCE_ANSWERS, tmp_path)
    expected = {
        path.as_posix(): (REFERENCE / path).read_bytes()
        for path in service_files(REFERENCE)
    }

    assert _tree(rendered) == expected
    assert "app/main.py" in expected


def test_caches_local_data_and_secrets_are_not_in_the_template(tmp_path: Path) -> None:
    service = tmp_path / "service"
    shutil.copytree(REFERENCE, service, ignore=shutil.ignore_patterns(".venv", ".data"))
    for junk in (".data/secantus/db", ".venv/bin/python", "app/__pycache__/m.pyc"):
        (service / junk).parent.mkdir(parents=True, exist_ok=True)
        (service / junk).write_text("junk", encoding="utf-8")
    (service / ".env.development").write_text("SECRET_KEY=s3cret\n", "utf-8")

    files = {path.as_posix() for path in service_files(service)}

    assert ".env.example" in files
    assert not {f for f in files if f.startswith((".data", ".venv", ".env.dev"))}
    assert not [f for f in files if "__pycache__" in f]


def test_a_change_to_the_service_reaches_the_generated_service(tmp_path: Path) -> None:
    service = tmp_path / "service"
    shutil.copytree(REFERENCE, service, ignore=shutil.ignore_patterns(".venv", ".data"))
    main_py = service / "app" / "main.py"
    main_py.write_text(
        main_py.read_text("utf-8") + "\n# Served by acacia-analytics-api.\n", "utf-8"
    )

    rendered = _render(service, answers_for("payments-api"), tmp_path)

    assert (
        (rendered / "app/main.py")
        .read_text("utf-8")
        .endswith("\n# Served by payments-api.\n")
    )


def test_no_reference_value_is_left_in_a_generated_service(tmp_path: Path) -> None:
    rendered = _tree(_render(REFERENCE, answers_for("payments-api"), tmp_path))
    leftovers = {
        path: value
        for path, content in rendered.items()
        for value in REFERENCE_ANSWERS.as_data().values()
        if value.encode() in content
    }

    assert leftovers == {}
    assert b'"payments-dev"' in rendered["app/core/config.py"]
    assert b"_SERVICE_NAME: payments-api\n" in rendered["cloudbuild.yaml"]


@pytest.mark.parametrize(
    ("text", "template"),
    [
        ("plain", None),
        ("name: acacia-analytics-api", "name: {{ service_name }}"),
        ("db acacia-analytics-dev", "db {{ project_slug }}-dev"),
        ("f'{{x}}' acacia-api", "f'{{ '{{' }}x}}' {{ service_account }}"),
        (
            "{% raw %}{# c #} acacia-api",
            "{{ '{%' }} raw %}{{ '{#' }} c #} {{ service_account }}",
        ),
    ],
)
def test_values_become_variables_and_jinja_is_escaped(
    text: str, template: str | None
) -> None:
    assert to_jinja(text) == template


def test_only_files_holding_a_value_are_templates(tmp_path: Path) -> None:
    build_template(REFERENCE, tmp_path)
    templates = {
        path.relative_to(tmp_path / "template").as_posix()
        for path in (tmp_path / "template").rglob(f"*{TEMPLATE_SUFFIX}")
    }

    assert "app/core/config.py.jinja" in templates
    assert "app/api/dependencies.py.jinja" not in templates
    assert (tmp_path / "template" / "app/api/dependencies.py").is_file()


@pytest.mark.parametrize("name", ["a", "x" * 49])
def test_generated_code_passes_ruff_whatever_the_name_length(
    name: str, tmp_path: Path
) -> None:
    rendered = _render(REFERENCE, answers_for(name), tmp_path)

    results = [
        subprocess.run(
            [sys.executable, "-m", "ruff", *command, "."],
            cwd=rendered,
            capture_output=True,
            text=True,
            check=False,
        )
        for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"])
    ]

    assert [result.returncode for result in results] == [0, 0], [
        result.stdout for result in results
    ]
