"""Release history: rule-ID guarantees and the What changed comparison."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from acacia_sop.catalog import Rule
from acacia_sop.release_tags import release_tags
from sitebuild.releases import WORKING_TREE, RuleSet, id_problems, main, rules_at
from sitebuild.what_changed import compare, render_what_changed, word_diff

pytestmark = pytest.mark.docs


def _rules(**titles: str) -> RuleSet:
    return {
        rule_id.replace("_", "-"): Rule(
            rule_id.replace("_", "-"), title, "sop/p.md", 1, title
        )
        for rule_id, title in titles.items()
    }


def _page(*rules: tuple[str, str]) -> str:
    blocks = [
        f'!!! rule "{rule_id} · {title}"\n\n    Body of {rule_id}.\n'
        for rule_id, title in rules
    ]
    return "# Page\n\n" + "\n".join(blocks)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with releases 1.0 and 1.2 and an uncommitted change."""
    _git(tmp_path, "init", "--quiet")
    _git(tmp_path, "config", "user.name", "T")
    _git(tmp_path, "config", "user.email", "t@example.invalid")
    page = tmp_path / "docs" / "sop" / "p.md"
    page.parent.mkdir(parents=True)
    page.write_text(_page(("AB-01", "Keep one"), ("AB-02", "Drop me later")))
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "--quiet", "-m", "1.0")
    _git(tmp_path, "tag", "1.0")
    page.write_text(_page(("AB-01", "Keep only one"), ("AB-03", "New rule")))
    _git(tmp_path, "commit", "--quiet", "-am", "1.2")
    _git(tmp_path, "tag", "1.2")
    _git(tmp_path, "tag", "not-a-release")
    page.write_text(_page(("AB-01", "Keep only one"), ("AB-02", "Drop me later")))
    return tmp_path


def test_a_consistent_history_has_no_problem() -> None:
    history = [
        ("1.0", _rules(A_01="a", A_02="b")),
        ("1.1", _rules(A_01="a!", A_03="c")),
    ]

    assert id_problems(history) == []


def test_a_renumbered_rule_is_reported() -> None:
    history = [("1.0", _rules(A_01="a", A_02="b")), ("1.1", _rules(A_01="a", A_09="b"))]

    assert id_problems(history) == ["1.1: A-02 is renumbered A-09"]


def test_a_reused_id_is_reported() -> None:
    history = [
        ("1.0", _rules(A_01="a", A_02="b")),
        ("1.1", _rules(A_01="a")),
        ("1.2", _rules(A_01="a", A_02="something else")),
    ]

    assert id_problems(history) == ["1.2: A-02, withdrawn in 1.1, is reused"]


def test_release_tags_are_x_y_tags_in_version_order(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _git(repo, "tag", "1.10")

    assert release_tags(repo) == ["1.0", "1.2", "1.10"]
    assert release_tags(tmp_path_factory.mktemp("not-git")) == []


def test_rules_are_read_at_a_tag_and_in_the_working_tree(repo: Path) -> None:
    assert list(rules_at(repo, "1.0")) == ["AB-01", "AB-02"]
    assert list(rules_at(repo, WORKING_TREE)) == ["AB-01", "AB-02"]
    assert rules_at(repo, "1.2")["AB-01"].text == "Keep only one Body of AB-01."


def test_the_check_command_refuses_a_reused_id(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)

    assert main(["check"]) == 0
    assert main(["check", "1.3"]) == 1
    assert (
        capsys.readouterr().err == "rule IDs: 1.3: AB-02, withdrawn in 1.2, is reused\n"
    )
    assert main(["release"]) == 2


def test_compare_finds_added_changed_and_withdrawn() -> None:
    changes = compare(_rules(A_01="a", A_02="b"), _rules(A_01="a x", A_03="c"))

    assert [r.rule_id for r in changes.added] == ["A-03"]
    assert [(o.text, n.text) for o, n in changes.changed] == [("a", "a x")]
    assert [r.rule_id for r in changes.withdrawn] == ["A-02"]


def test_word_diff_marks_words_and_escapes_html() -> None:
    assert word_diff("use <b> pools now", "use <i> pools") == (
        "use <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins> pools <del>now</del>"
    )


def test_what_changed_compares_a_release_with_the_one_before(repo: Path) -> None:
    page = render_what_changed(repo, "1.2")

    assert page.startswith("# What changed in 1.2\n")
    assert "Since 1.0: 1 added, 1 changed, 1 withdrawn." in page
    assert "- [AB-03](sop/p.md#AB-03) New rule" in page
    assert "<del>Keep</del> <ins>Keep only</ins> one" not in page
    assert "Keep <ins>only</ins> one" in page
    assert "- AB-02 Drop me later" in page


def test_what_changed_outside_a_release_compares_the_tree_with_the_newest(
    repo: Path,
) -> None:
    page = render_what_changed(repo, None)

    assert page.startswith("# What changed\n")
    assert "Since 1.2: 1 added, 0 changed, 1 withdrawn." in page
    assert render_what_changed(repo, "1.0").endswith("every rule is new.\n")
