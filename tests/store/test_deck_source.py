"""Which source may update a stored deck (:mod:`studyapp.store.deck_source`)."""

from __future__ import annotations

from pathlib import Path

from studyapp.store.deck_source import DeckSource, DeckTakenError, StoredDeck, same_source


def test_the_bundled_decks_are_one_source_wherever_the_app_lives() -> None:
    stored = StoredDeck(1, "/old/site-packages/cards/a.md", "bundled")
    assert same_source(stored, DeckSource("bundled", "/new/venv/cards/a.md"))
    assert not same_source(stored, DeckSource("file", "/old/site-packages/cards/a.md"))
    assert not same_source(StoredDeck(1, "/home/a.md", "file"), DeckSource("bundled", "/x/a.md"))


def test_the_same_file_is_the_same_source(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("x")
    stored = StoredDeck(1, str(path), "file")
    assert same_source(stored, DeckSource("file", str(path)))
    assert not same_source(stored, DeckSource("file", str(tmp_path / "b.md")))


def test_a_moved_file_of_the_same_kind_is_the_same_source(tmp_path: Path) -> None:
    gone = str(tmp_path / "gone.apkg")
    assert same_source(StoredDeck(1, gone, "package"), DeckSource("package", "/new.apkg"))
    assert not same_source(StoredDeck(1, gone, "package"), DeckSource("export", "/new.txt"))
    assert not same_source(StoredDeck(1, None, "app"), DeckSource("file", "/new.md"))


def test_a_deck_with_no_recorded_source_takes_any() -> None:
    assert same_source(StoredDeck(1, None, None), DeckSource("file", "/a.md"))


def test_the_refusal_names_the_owner_and_both_ways_out() -> None:
    error = DeckTakenError("in.txt", "deck", StoredDeck(1, "/x/deck.apkg", "package"))
    assert str(error) == (
        'in.txt: deck id "deck" belongs to the Anki package /x/deck.apkg; nothing was imported '
        "(choose another deck with --deck NEW, or replace that deck's cards with --replace)"
    )
