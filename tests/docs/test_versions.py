"""Release history: rule-ID guarantees and the What changed comparison."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from acacia_sop.catalog import Rule
from acacia_sop.release_tags import release_tags
from sitebuild.releases import WORKING_TREE, RuleSet, id_problems, main, rules_at
from sitebuild.what_changed import (
    compare,
    rebase_links,
    render_changes,
    render_what_changed,
    word_diff,
)
from sitebuild.withdrawn import (
    MissingReasonError,
    render_stubs,
    stubs_by_page,
    withdrawals,
)

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


def test_word_diff_marks_words_and_keeps_inline_markdown_whole() -> None:
    old = "Use `a pool` now, see [DB-02](#DB-02)."
    new = "Use `one pool`, see [DB-02](#DB-02) *always*."

    assert word_diff(old, new) == (
        "Use <del>`a pool` now,</del> <ins>`one pool`,</ins> see "
        "[DB-02](#DB-02) <ins>*always*</ins>."
    )


def test_links_in_a_rule_are_rebased_to_the_docs_root() -> None:
    text = "See [SEC-07](06-security.md#SEC-07), [DB-01](#DB-01), [x](https://a.b/c)."

    assert rebase_links(text, "sop/03-mongodb.md") == (
        "See [SEC-07](sop/06-security.md#SEC-07), [DB-01](sop/03-mongodb.md#DB-01),"
        " [x](https://a.b/c)."
    )


def test_a_changed_rule_shows_its_body_diff_without_its_title() -> None:
    old = Rule("AB-01", "Keep `one`", "sop/p.md", 1, "Keep `one` Body of it.")
    new = Rule("AB-01", "Keep `one`", "sop/p.md", 1, "Keep `one` Body of all.")
    page = "\n".join(render_changes(compare({"AB-01": old}, {"AB-01": new}), "1.0"))

    assert "### [AB-01](sop/p.md#AB-01) Keep `one`\n" in page
    assert "Body of <del>it.</del> <ins>all.</ins>\n{: .word-diff }" in page
    assert "Title:" not in page
    assert page.count("Keep `one`") == 1


def test_what_changed_compares_a_release_with_the_one_before(repo: Path) -> None:
    page = render_what_changed(repo, "1.2")

    assert page.startswith("# What changed in 1.2\n")
    assert "Since 1.0: 1 added, 1 changed, 1 withdrawn." in page
    assert "- [AB-03](sop/p.md#AB-03) New rule" in page
    assert "<del>Keep</del> <ins>Keep only</ins> one" not in page
    assert "Title: Keep <ins>only</ins> one" in page
    assert "AB-02</a> Drop me later (last in 1.0)" in page


def test_what_changed_outside_a_release_compares_the_tree_with_the_newest(
    repo: Path,
) -> None:
    page = render_what_changed(repo, None)

    assert page.startswith("# What changed\n")
    assert "Since 1.2: 1 added, 0 changed, 1 withdrawn." in page
    assert "- AB-03 New rule (last in 1.2)" in page  # no versions to link to
    assert render_what_changed(repo, "1.0").endswith("every rule is new.\n")


def test_what_changed_in_a_versioned_build_links_a_withdrawn_rule(repo: Path) -> None:
    page = render_what_changed(repo, "1.2")

    assert (
        '- <a href="../../1.0/sop/p/#AB-02">AB-02</a> Drop me later (last in 1.0)'
        in page
    )


def test_a_withdrawn_rule_is_known_with_its_last_version(repo: Path) -> None:
    _git(repo, "commit", "--quiet", "-am", "AB-02 again")
    page = repo / "docs" / "sop" / "p.md"
    page.write_text(_page(("AB-01", "Keep only one")))

    (at_1_2,) = withdrawals(repo, "1.2")
    (in_tree_1, in_tree_2) = withdrawals(repo, None)

    assert (at_1_2.rule.rule_id, at_1_2.last_version, at_1_2.withdrawn_in) == (
        "AB-02",
        "1.0",
        "1.2",
    )
    assert {(w.rule.rule_id, w.withdrawn_in) for w in (in_tree_1, in_tree_2)} == {
        ("AB-02", "1.2"),
        ("AB-03", None),
    }


def test_a_withdrawn_rule_without_a_reason_stops_the_build(repo: Path) -> None:
    stubs_by_page.cache_clear()
    with pytest.raises(MissingReasonError, match=r"no reason for .* AB-02"):
        stubs_by_page(repo, "1.2")

    reasons = repo / "sitebuild" / "withdrawn_rules.toml"
    reasons.parent.mkdir()
    reasons.write_text('"AB-02" = "Folded into AB-01."\n')
    stubs_by_page.cache_clear()
    stubs = stubs_by_page(repo, "1.2")
    stubs_by_page.cache_clear()

    assert list(stubs) == ["sop/p.md"]
    assert "### AB-02 · Drop me later {#AB-02 .withdrawn-rule}" in stubs["sop/p.md"]
    assert "**Withdrawn in 1.2**: Folded into AB-01." in stubs["sop/p.md"]
    assert '<a href="../../../1.0/sop/p/#AB-02">' in stubs["sop/p.md"]


def test_a_stub_outside_a_versioned_build_names_its_last_version(repo: Path) -> None:
    (withdrawal,) = withdrawals(repo, "1.2")
    stub = render_stubs([withdrawal], {"AB-02": "Gone."}, None, "sop/p.md")

    assert "its last version is in 1.0" in stub
    assert "href" not in stub
