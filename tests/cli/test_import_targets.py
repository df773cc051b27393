"""``studyapp import --deck/--replace``: an import never takes over a deck of another source
unless asked, and a file remembers the deck it was put in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.paths import bundled_cards_dir
from studyapp.store.schema import cards, decks
from tests.cli.conftest import SEEDS, run

#: The Brainscape export whose deck id is a bundled deck's (issue 18's report).
EXPORT = SEEDS / "001_0c9caf4faecd66ca.txt"
BUNDLED_ID = "optimization-in-neural-networks"


@pytest.fixture
def bundled_db(tmp_path: Path, clock: FixedClock) -> str:
    """A store with the real bundled decks."""
    db = str(tmp_path / "bundled.sqlite3")
    Collection.open(db if "://" in db else f"sqlite:///{db}", clock).close()
    return db


def deck_rows(db: str, key: str) -> tuple[tuple[object, ...], list[tuple[object, ...]]]:
    """A deck's row and its cards' rows (content, retirement), to compare before and after."""
    collection = Collection.open(f"sqlite:///{db}", bundled=False)
    try:
        with collection.engine.connect() as connection:
            deck = connection.execute(select(decks).where(decks.c.key == key)).one()
            rows = connection.execute(
                select(cards.c.key, cards.c.question, cards.c.answer, cards.c.retired_at)
                .where(cards.c.deck_id == deck.id)
                .order_by(cards.c.id)
            ).all()
        return tuple(deck), [tuple(row) for row in rows]
    finally:
        collection.close()


def test_an_export_with_a_bundled_decks_id_is_refused_in_one_line(
    bundled_db: str, clock: FixedClock
) -> None:
    before = deck_rows(bundled_db, BUNDLED_ID)
    code, out, err = run(["import", str(EXPORT)], bundled_db, clock)
    assert code == 2
    assert out == ""
    (line,) = err.splitlines()  # one line
    assert line == (
        f'{EXPORT}: deck id "{BUNDLED_ID}" belongs to the bundled deck; nothing was imported '
        "(choose another deck with --deck NEW, or replace that deck's cards with --replace)"
    )
    assert deck_rows(bundled_db, BUNDLED_ID) == before


def test_deck_puts_the_cards_in_another_deck_and_the_file_remembers_it(
    bundled_db: str, clock: FixedClock
) -> None:
    before = deck_rows(bundled_db, BUNDLED_ID)
    code, out, err = run(["import", "--deck", "mine", str(EXPORT)], bundled_db, clock)
    assert (code, err) == (0, "")
    assert "deck mine (Brainscape Q/A export): 11 added, 0 updated, 0 unchanged, 0 retired" in out
    code, out, err = run(["import", str(EXPORT)], bundled_db, clock)  # no --deck this time
    assert (code, err) == (0, "")
    assert "deck mine (Brainscape Q/A export): 0 added, 0 updated, 11 unchanged" in out
    assert deck_rows(bundled_db, BUNDLED_ID) == before


def test_replace_takes_the_deck_over_and_the_bundled_sync_leaves_it_alone(
    bundled_db: str, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(["import", "--replace", str(EXPORT)], bundled_db, clock)
    assert (code, err) == (0, "")
    assert "11 added, 0 updated, 0 unchanged, 12 retired" in out
    assert f"note: deck {BUNDLED_ID} was last imported from the app's bundled decks" in out
    taken = deck_rows(bundled_db, BUNDLED_ID)
    # an app upgrade that changes the bundled decks: they sync again, but not over this deck
    changed = tmp_path / "cards"
    shutil.copytree(bundled_cards_dir(), changed)
    bundled_file = changed / f"{BUNDLED_ID}.md"
    bundled_file.write_text(bundled_file.read_text() + "\n", encoding="utf-8")
    collection = Collection.open(f"sqlite:///{bundled_db}", clock, bundled=changed)
    assert collection.bundled_errors == []
    collection.close()
    assert deck_rows(bundled_db, BUNDLED_ID) == taken


def test_a_deck_file_moved_elsewhere_still_updates_its_deck(
    db: str, clock: FixedClock, tmp_path: Path
) -> None:
    first = tmp_path / "one" / "deck.md"
    first.parent.mkdir()
    first.write_text("---\nid: mine\n---\n## Q1\nA1\n", encoding="utf-8")
    assert run(["import", str(first)], db, clock)[0] == 0
    other = tmp_path / "two" / "deck.md"
    other.parent.mkdir()
    other.write_text("---\nid: mine\n---\n## Q1\nA1\n\n## Q2\nA2\n", encoding="utf-8")
    code, _, err = run(["import", str(other)], db, clock)
    assert code == 2, "the first file is still there: a second source"
    assert 'deck id "mine" belongs to the deck file ' + str(first.resolve()) in err
    first.unlink()
    code, out, err = run(["import", str(other)], db, clock)
    assert (code, err) == (0, "")
    assert "1 added, 0 updated, 1 unchanged, 0 retired" in out
    assert f"was last imported from {first.resolve()}" in out


def origins(db: str) -> dict[str, tuple[object, object]]:
    """Each deck's file and kind, by deck id."""
    collection = Collection.open(f"sqlite:///{db}", bundled=False)
    try:
        with collection.engine.connect() as connection:
            rows = connection.execute(select(decks.c.key, decks.c.origin, decks.c.origin_kind))
            return {key: (origin, kind) for key, origin, kind in rows}
    finally:
        collection.close()


def test_a_file_feeds_one_deck_the_last_it_was_imported_into(
    db: str, clock: FixedClock, tmp_path: Path
) -> None:
    """Imported again with --deck, the file leaves its first deck (cards kept, no file) and
    every later import of it goes to the new deck: never to both, never a traceback."""
    deck_file = tmp_path / "a.md"
    deck_file.write_text("---\nid: deck-a\n---\n## Q1?\nA1.\n", encoding="utf-8")
    assert run(["import", str(deck_file)], db, clock)[0] == 0
    code, out, err = run(["import", "--deck", "deck-b", str(deck_file)], db, clock)
    assert (code, err) == (0, "")
    assert "note: deck deck-a no longer follows this file; its cards stay" in out
    assert origins(db) == {"deck-a": (None, "app"), "deck-b": (str(deck_file.resolve()), "file")}
    code, out, err = run(["import", str(deck_file)], db, clock)
    assert (code, err) == (0, "")
    assert "deck deck-b (md): 0 added, 0 updated, 1 unchanged, 0 retired" in out
    deck_file.write_text(deck_file.read_text() + "\n## Q2?\nA2.\n", encoding="utf-8")
    code, out, err = run(["import", str(deck_file)], db, clock)
    assert (code, err) == (0, "")
    assert "deck deck-b (md): 1 added, 0 updated, 1 unchanged, 0 retired" in out
    collection = Collection.open(f"sqlite:///{db}", bundled=False)
    sizes = {key: collection.deck_size(key).cards for key in ("deck-a", "deck-b")}
    collection.close()
    assert sizes == {"deck-a": 1, "deck-b": 2}


def test_a_backup_restored_beside_its_deck_leaves_the_file_to_the_deck(
    db: str, clock: FixedClock, tmp_path: Path
) -> None:
    deck_file = tmp_path / "d.md"
    deck_file.write_text("---\nid: d\n---\n## Q1?\nA1.\n", encoding="utf-8")
    assert run(["import", str(deck_file)], db, clock)[0] == 0
    collection = Collection.open(f"sqlite:///{db}", clock, bundled=False)
    backup = collection.remove_deck("d", tmp_path / "backups")
    collection.close()
    assert run(["import", str(backup)], db, clock)[0] == 0
    code, _, err = run(["import", "--deck", "copy2", str(backup)], db, clock)
    assert (code, err) == (0, "")
    assert origins(db) == {"d": (str(deck_file.resolve()), "file"), "copy2": (None, "app")}
    code, out, err = run(["import", str(deck_file)], db, clock)
    assert (code, err) == (0, "")
    assert "deck d (md): 0 added, 0 updated, 1 unchanged, 0 retired" in out


def test_a_bad_deck_id_is_a_usage_error(
    db: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run(["import", "--deck", "Not An Id", str(EXPORT)], db, clock)
    assert exited.value.code == 2
    assert "'Not An Id' is not a deck id" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        run(["import", "--deck", "x", "--replace", str(EXPORT)], db, clock)
    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
