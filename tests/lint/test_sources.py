"""The linter reads deck files as the importer does, keeping the line each card starts on."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from studyapp.decks.files import parse_deck_text, parse_located_deck
from studyapp.lint.sources import LintInputError, read_decks

MARKDOWN = """---
id: optimizers
---

## What does momentum add?

A running average.

short:: Averaged steps

## What does `## this` do?

```
## not a card
```
"""

YAML = """id: optimizers
cards:
  - question: What does momentum add?
    answer: A running average.

  - question: What does RMSProp divide by?
    answer: A root mean square.
"""


def test_markdown_cards_start_at_their_heading() -> None:
    located = parse_located_deck(MARKDOWN, "opt.md", "md")
    assert located.card_lines == (5, 11)
    assert located.deck == parse_deck_text(MARKDOWN, "opt.md", "md")


def test_yaml_cards_start_at_their_item() -> None:
    located = parse_located_deck(YAML, "opt.yaml", "yaml")
    assert located.card_lines == (3, 6)
    assert located.deck == parse_deck_text(YAML, "opt.yaml", "yaml")


def test_cards_carry_their_line_deck_and_the_view_the_study_modes_get(tmp_path: Path) -> None:
    (tmp_path / "opt.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "more.yaml").write_text(YAML.replace("optimizers", "more"), encoding="utf-8")
    (tmp_path / "README.md").write_text("# Not a deck\n", encoding="utf-8")
    decks = read_decks([tmp_path])
    assert decks.files == 2
    assert [(Path(c.path).name, c.line, c.deck.id) for c in decks.cards] == [
        ("more.yaml", 3, "more"),
        ("more.yaml", 6, "more"),
        ("opt.md", 5, "optimizers"),
        ("opt.md", 11, "optimizers"),
    ]
    view = decks.cards[2].view
    assert (view.id, view.deck, view.short, view.question) == (
        3,
        "optimizers",
        "Averaged steps",
        "What does momentum add?",
    )
    assert len({card.view.id for card in decks.cards}) == 4


def test_a_file_that_is_not_utf8_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "latin1.md").write_bytes("## Café?\n\nUn café.\n".encode("latin-1"))
    decks = read_decks([tmp_path])
    assert decks.cards == ()
    assert [(f.rule, f.line) for f in decks.refused] == [("parse-error", 1)]
    assert "is not UTF-8 text" in decks.refused[0].message


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.md")
    return folder / "pipe.md"


def _text_file(folder: Path) -> Path:
    (folder / "notes.txt").write_text("Not a deck.\n", encoding="utf-8")
    return folder / "notes.txt"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "nowhere.md", "no such file or folder: {tmp}/nowhere.md"),
        (lambda tmp: tmp, "no deck files (.md, .yaml) found in {tmp}"),
        (
            _text_file,
            "{tmp}/notes.txt: is not a deck file (deck files end in .md, .markdown, .yaml, .yml)",
        ),
        (_fifo, "{tmp}/pipe.md: is not a regular file"),
    ],
)
def test_paths_that_cannot_be_linted_at_all(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(LintInputError) as raised:
        read_decks([path])
    assert str(raised.value).startswith(message.format(tmp=tmp_path))
