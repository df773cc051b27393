"""``studyapp decks``: the table, plain when piped, its header bold on a terminal."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from studyapp.cli import main
from studyapp.clock import FixedClock
from tests.cli.conftest import DECK, Terminal, run
from tests.conftest import WriteDeck


def test_the_header_is_bold_on_a_terminal_and_plain_otherwise(
    db: str,
    clock: FixedClock,
    write_deck: WriteDeck,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run(["import", str(write_deck("optimizers.md", DECK))], db, clock)
    monkeypatch.delenv("NO_COLOR", raising=False)
    piped = run(["decks"], db, clock)[1]
    terminal = Terminal()
    assert main(["--db", db, "decks"], clock=clock, stdout=terminal, stderr=io.StringIO()) == 0
    header, row = terminal.getvalue().splitlines()
    words = ("DECK", "CARDS", "NEW", "DUE TODAY", "MASTERY", "TITLE")
    assert [cell.strip() for cell in re.findall(r"\x1b\[1m(.*?)\x1b\[0m", header)] == list(words)
    assert re.sub(r"\x1b\[[0-9;]*m", "", header) == piped.splitlines()[0]
    assert row == piped.splitlines()[1]
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Terminal()
    main(["--db", db, "decks"], clock=clock, stdout=terminal, stderr=io.StringIO())
    assert terminal.getvalue() == piped


def test_an_empty_store_says_how_to_add_a_deck(db: str, clock: FixedClock, tmp_path: Path) -> None:
    assert run(["decks"], db, clock) == (0, "No decks yet: studyapp import PATH\n", "")


def test_nested_decks_print_as_an_indented_tree_with_rolled_up_counts(
    db: str, clock: FixedClock, write_deck: WriteDeck
) -> None:
    for deck_id, title, cards in (
        ("ml", "ML", 1),
        ("ml-opt", "ML::Optimizers", 2),
        ("lang-fr", "Languages::French", 3),
    ):
        body = "".join(f"## {title} {n}?\nA {n}.\n\n" for n in range(cards))
        text = f"---\nid: {deck_id}\ntitle: {title}\n---\n{body}"
        run(["import", str(write_deck(f"{deck_id}.md", text))], db, clock)

    code, out, _ = run(["decks"], db, clock)

    assert code == 0
    rows = [line.split() for line in out.splitlines()[1:]]
    assert rows == [
        ["3", "3", "0", "0%", "Languages", "(1", "deck)"],
        ["lang-fr", "3", "3", "0", "0%", "French"],
        ["ml", "3", "3", "0", "0%", "ML", "(2", "decks)"],
        ["ml-opt", "2", "2", "0", "0%", "Optimizers"],
        ["all", "6", "6", "0", "0%"],
    ]
    lines = out.splitlines()
    assert lines[2].startswith("  lang-fr")
    assert lines[2].rstrip().endswith("  French")
