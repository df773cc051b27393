"""The lint run: findings from every file, and the summary line of what was checked."""

from __future__ import annotations

from pathlib import Path

from studyapp.lint.runner import lint_paths
from tests.lint.decks import card, deck

#: A numeric card that writes a distractor: the importer refuses its file.
REFUSED = (
    "---\nid: bad\n---\n\n## Scale {p}?\n\n{answer}\n\ncompute:: dropout-scale\n"
    "param:: p = 0.5\ndistractor:: 2\n"
)


def test_the_summary_counts_the_cards_of_the_files_read(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(deck("a", card("Momentum?")), encoding="utf-8")
    (tmp_path / "b.md").write_text(deck("b", card("Adam?"), card("SGD?")), encoding="utf-8")
    report = lint_paths([tmp_path])
    assert (report.files, report.cards, report.refused) == (2, 3, 0)
    assert report.summary() == "0 errors, 0 warnings in 3 cards of 2 files"


def test_a_file_the_importer_refuses_is_not_said_to_hold_no_cards(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text(REFUSED, encoding="utf-8")
    report = lint_paths([path])
    assert (report.files, report.cards, report.refused) == (1, 0, 1)
    [finding] = report.findings
    assert (finding.rule, finding.line) == ("parse-error", 11)  # the distractor:: line
    assert report.summary() == (
        "1 error, 0 warnings in 1 file the importer refuses (its cards are checked once it imports)"
    )


def test_files_read_and_refused_are_both_counted(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(deck("a", card("Momentum?")), encoding="utf-8")
    (tmp_path / "b.md").write_text(REFUSED, encoding="utf-8")
    (tmp_path / "c.md").write_text(REFUSED.replace("id: bad", "id: worse"), encoding="utf-8")
    report = lint_paths([tmp_path])
    assert (report.files, report.cards, report.refused) == (3, 1, 2)
    assert report.summary() == (
        "2 errors, 0 warnings in 1 card of 1 file and in 2 files the importer refuses "
        "(their cards are checked once they import)"
    )
