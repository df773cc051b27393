"""Where a card starts in its deck file, found as an import reads the file."""

from __future__ import annotations

from pathlib import Path

from studyapp.decks.card_location import card_line_in_file
from studyapp.decks.models import derive_card_id

YAML_DECK = """\
id: basics
cards:
  - question: What is an epoch?
    answer: One pass
  - id: batch
    question: What is a batch?
    answer: The examples of one step
"""


def test_a_yaml_cards_line_is_its_list_item(tmp_path: Path) -> None:
    path = tmp_path / "basics.yaml"
    path.write_text(YAML_DECK, encoding="utf-8")
    assert card_line_in_file(path, derive_card_id("basics", "What is an epoch?")) == 3
    assert card_line_in_file(path, "batch") == 5
    assert card_line_in_file(path, "no-such-card") is None


def test_a_markdown_cards_line_is_its_heading(tmp_path: Path) -> None:
    path = tmp_path / "basics.md"
    path.write_text("# Basics\n\n## Q1\nA1\n\n## Q2\nA2\n\nid:: second\n", encoding="utf-8")
    assert card_line_in_file(path, derive_card_id("basics", "Q1")) == 3
    assert card_line_in_file(path, "second") == 6


def test_no_line_in_a_file_that_is_missing_broken_or_not_a_deck(tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text("## Q1\n\nbogus:: field\n", encoding="utf-8")
    other = tmp_path / "notes.txt"
    other.write_text("## Q1\nA1\n", encoding="utf-8")
    for path in (tmp_path / "missing.md", broken, other):
        assert card_line_in_file(path, derive_card_id("broken", "Q1")) is None
