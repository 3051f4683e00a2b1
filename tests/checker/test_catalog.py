"""The rule catalog: the pages' rule boxes parsed once, shipped in the wheel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from acacia_sop.catalog import (
    CatalogError,
    Rule,
    Severity,
    catalog,
    plain_text,
    read_rules,
    rule_link,
    rule_pages,
    rule_url,
    rules_in_text,
)
from acacia_sop.checker.rule_history import main as record_history
from tests.conftest import DOCS_DIR, ROOT

BOX = """# Page

!!! rule "PERF-04 · Time out every `call`"

    Every call has a timeout.

    ```python
    --8<-- "snippets/x.py"
    ```

    **Why:** a hung call holds
    its request.

    **Severity:** warning

??? rule "PERF-05 · Log in JSON"

    One object per line.
"""


def test_a_rule_box_gives_id_title_page_line_text_why_and_severity() -> None:
    timeout, logs = rules_in_text(BOX, "sop/07-performance.md")

    assert timeout == Rule(
        "PERF-04",
        "Time out every `call`",
        "sop/07-performance.md",
        3,
        "Time out every `call` Every call has a timeout. "
        "**Why:** a hung call holds its request. **Severity:** warning",
        "a hung call holds its request.",
        Severity.WARNING,
    )
    assert (timeout.why_end, timeout.severity_end) == (12, 14)
    assert timeout.plain_title == "Time out every call"
    assert (logs.rule_id, logs.why, logs.severity) == ("PERF-05", "", Severity.ERROR)


def test_why_and_severity_may_be_marked_with_underscores() -> None:
    text = (
        '!!! rule "DB-01 · One"\n\n    __Why:__ one pool.\n\n    __Severity:__ note\n'
    )

    (only,) = rules_in_text(text, "sop/03-mongodb.md")

    assert (only.why, only.severity) == ("one pool.", Severity.NOTE)


def test_a_why_of_our_reading_is_the_why_marked_as_ours() -> None:
    text = (
        '!!! rule "DB-01 · One"\n\n    Body.\n\n'
        "    **Why (our reading):** two pools\n    exhaust the server.\n\n"
        '!!! rule "DB-02 · Two"\n\n    **Why:** the SOP says.\n'
    )

    ours, sops = rules_in_text(text, "sop/03-mongodb.md")

    assert (ours.why, ours.why_is_ours, ours.why_end) == (
        "two pools exhaust the server.",
        True,
        6,
    )
    assert (sops.why, sops.why_is_ours) == ("the SOP says.", False)


@pytest.mark.parametrize(
    ("body", "title_only"),
    [
        ("", True),
        ("\n    **Severity:** note\n", True),
        ("\n    Body.\n", False),
        ("\n    ```python\n    x = 1\n    ```\n", False),
        ('\n    !!! note "Interpretation note"\n\n        Aside.\n', False),
    ],
)
def test_a_box_with_only_its_title_and_severity_is_title_only(
    body: str, title_only: bool
) -> None:
    text = f'!!! rule "TST-12 · Three tiers"\n{body}\nAfter the box.\n'

    (only,) = rules_in_text(text, "sop/05-testing.md")

    assert only.title_only is title_only


def test_a_why_or_severity_inside_a_nested_box_is_not_the_rule_s() -> None:
    text = (
        '!!! rule "DB-01 · One client"\n\n    Body.\n\n'
        '    !!! note "Aside"\n\n        **Severity:** note\n'
    )

    (only,) = rules_in_text(text, "sop/03-mongodb.md")

    assert only.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '!!! rule "DB-01 · One"\n\n    **Severity:** fatal\n',
            "sop/x.md:3: DB-01's severity is one of error, warning, note, not 'fatal'",
        ),
        (
            '!!! rule "Use one client"\n\n    Body.\n',
            'sop/x.md:1: a rule box\'s title is "ID · statement", '
            "not 'Use one client'",
        ),
    ],
)
def test_a_box_the_catalog_cannot_read_is_one_clear_error(
    text: str, message: str
) -> None:
    with pytest.raises(CatalogError) as error:
        rules_in_text(text, "sop/x.md")

    assert str(error.value) == message


def test_an_id_written_twice_is_an_error_naming_both_places() -> None:
    page = '!!! rule "DB-01 · One"\n\n    Body.\n'

    with pytest.raises(
        CatalogError, match=r"^sop/b.md:1: DB-01 is already sop/a.md:1$"
    ):
        read_rules({"sop/a.md": page, "sop/b.md": page})


def test_plain_text_is_what_a_browser_shows() -> None:
    assert plain_text("Use `ruff` for **linting** [here](x.md)") == (
        "Use ruff for linting here"
    )


def test_the_package_s_catalog_is_the_docs_rule_pages() -> None:
    from_docs = read_rules(rule_pages(DOCS_DIR))

    assert dict(catalog()) == from_docs
    assert {rule.page for rule in from_docs.values()} >= {
        "sop/03-mongodb.md",
        "compliance.md",
    }
    assert rule_link("DB-03", "../") == "[DB-03](../sop/03-mongodb.md#DB-03)"


def test_a_rule_s_url_is_its_anchor_on_the_hosted_site() -> None:
    assert rule_url("DB-03") == (
        "https://sop.acacia-analytics.internal/sop/03-mongodb/#DB-03"
    )
    assert rule_url("CMP-01", "https://sop.example.org/v2") == (
        "https://sop.example.org/v2/compliance/#CMP-01"
    )


def test_severities_weigh_error_over_warning_over_note() -> None:
    assert Severity.ERROR.at_least(Severity.WARNING)
    assert Severity.WARNING.at_least(Severity.WARNING)
    assert not Severity.NOTE.at_least(Severity.WARNING)
    assert not Severity.WARNING.at_least(Severity.ERROR)


def test_the_catalog_is_read_through_importlib_resources() -> None:
    source = (ROOT / "src" / "acacia_sop" / "catalog.py").read_text("utf-8")

    assert "__file__" not in source
    assert 'files("acacia_sop")' in source


def _wheel(folder: Path) -> Path:
    """The wheel built from a copy of the package's sources (its links kept)."""
    source = folder / "source"
    shutil.copytree(ROOT / "src", source / "src", symlinks=True)
    shutil.copytree(DOCS_DIR / "sop", source / "docs" / "sop")
    for name in ("pyproject.toml", "README.md", "docs/compliance.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"),
            *("--no-build-isolation", "--wheel-dir", str(folder), str(source)),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = folder.glob("acacia_sop-*.whl")
    return wheel


@pytest.mark.slow
def test_the_wheel_holds_the_rule_pages_as_real_files(tmp_path: Path) -> None:
    with zipfile.ZipFile(_wheel(tmp_path)) as archive:
        shipped = {
            info.filename.removeprefix("acacia_sop/pages/"): archive.read(info)
            for info in archive.infolist()
            if info.filename.startswith("acacia_sop/pages/")
            and not info.is_dir()
            and (info.external_attr >> 16) & 0o170000 == 0o100000  # regular file
        }

    assert shipped == {
        page: (DOCS_DIR / page).read_bytes() for page in rule_pages(DOCS_DIR)
    }


def test_the_release_step_records_the_rules_of_a_docs_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    (docs / "sop").mkdir(parents=True)
    (docs / "sop" / "01-a.md").write_text('!!! rule "AB-01 · One"\n\n    Body.\n')
    history = tmp_path / "rule_history.json"
    history.write_text('{"1.10": {}}\n')

    assert record_history(["1.2", str(docs), str(history)]) == 0
    assert record_history(["1.x", str(docs), str(history)]) == 2
    assert record_history(["1.3", str(docs), str(tmp_path / "missing.json")]) == 2

    errors = capsys.readouterr().err.splitlines()
    assert errors[0].startswith("usage: python -m acacia_sop.checker.rule_history ")
    assert errors[1].startswith("rule_history: [Errno 2] No such file or directory")
    recorded = history.read_text()
    assert list(json.loads(recorded)) == ["1.2", "1.10"]
    assert '"AB-01": "' in recorded
