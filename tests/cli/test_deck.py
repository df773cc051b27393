"""``studyapp deck rename`` and ``studyapp deck rm``: the deck and everything naming it follow a
rename, a removal writes a backup first (asking unless --yes), and import restores it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from studyapp.cli.stats_json import report_to_json
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.schema import match_games, test_results, unfinished_sessions
from tests.cli.conftest import DECK, run
from tests.cli.test_stats_json import ALPHA, fabricate_history
from tests.conftest import WriteDeck


class FakeTerminal(io.StringIO):
    """A stdin that says it is a terminal, holding what the user types."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def backups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder the backups go to (instead of the user's data folder)."""
    folder = tmp_path / "deck-backups"
    monkeypatch.setattr("studyapp.paths.deck_backups_dir", lambda: folder)
    return folder


@pytest.fixture
def history_db(db: str, clock: FixedClock, write_deck: WriteDeck) -> str:
    """The store of ``db`` with decks alpha and beta and a history on both."""
    collection = Collection.open(f"sqlite:///{db}", clock, bundled=False)
    try:
        fabricate_history(collection, clock, write_deck)
        collection.keep_unfinished("learn", ALPHA, {"step": 1})
    finally:
        collection.close()
    return db


def opened(db: str, clock: FixedClock) -> Collection:
    return Collection.open(f"sqlite:///{db}", clock, bundled=False)


def deck_keys(db: str, clock: FixedClock) -> list[str]:
    """The ids of the decks in the store now."""
    collection = opened(db, clock)
    try:
        return collection.deck_keys()
    finally:
        collection.close()


# --- rename ------------------------------------------------------------------------------------


def test_rename_moves_history_tests_games_and_sessions(history_db: str, clock: FixedClock) -> None:
    collection = opened(history_db, clock)
    stats_before = report_to_json(collection.stats(ALPHA))
    collection.close()

    code, out, err = run(
        ["deck", "rename", "alpha", "first", "--title", "First"], history_db, clock
    )

    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "deck alpha is now first: First"
    collection = opened(history_db, clock)
    try:
        assert collection.deck_keys() == ["beta", "first"]
        assert [s.title for s in collection.deck_summaries()] == ["Beta", "First"]
        stats_after = report_to_json(collection.stats(Scope(decks=("first",))))
        assert stats_after["cards"] == stats_before["cards"]
        assert stats_after["retention"] == stats_before["retention"]
        assert stats_after["scope"]["key"] == "deck:first"
        with collection.engine.connect() as connection:
            for table in (test_results, match_games, unfinished_sessions):
                scopes = set(connection.scalars(select(table.c.scope)))
                assert "deck:alpha" not in scopes
                assert scopes & {"deck:first"}, table.name
        assert collection.unfinished_session("learn", Scope(decks=("first",))) is not None
    finally:
        collection.close()


def test_a_rename_to_the_same_id_changes_nothing_and_says_so(
    history_db: str, clock: FixedClock
) -> None:
    code, out, err = run(["deck", "rename", "alpha", "alpha"], history_db, clock)
    assert (code, out, err) == (0, "deck alpha already has that id; nothing changed\n", "")
    code, out, _ = run(
        ["deck", "rename", "alpha", "alpha", "--title", "Alpha 2"], history_db, clock
    )
    assert (code, out.splitlines()[0]) == (0, "deck alpha is now alpha: Alpha 2")


def test_a_renamed_decks_file_imports_into_it(
    db: str, clock: FixedClock, write_deck: WriteDeck
) -> None:
    path = write_deck("optimizers.md", DECK)
    run(["import", str(path)], db, clock)
    assert run(["deck", "rename", "optimizers", "opt"], db, clock)[0] == 0

    path.write_text(DECK.replace("A running average", "An average"), encoding="utf-8")
    code, out, err = run(["import", str(path)], db, clock)

    assert (code, err) == (0, "")
    assert out.startswith(f"{path}: deck opt (md): 0 added, 1 updated, 1 unchanged, 0 retired")
    assert deck_keys(db, clock) == ["opt"]
    # renamed again: the file follows to the newest id
    assert run(["deck", "rename", "opt", "optim"], db, clock)[0] == 0
    path.write_text(DECK, encoding="utf-8")
    assert "deck optim (md): 0 added, 1 updated" in run(["import", str(path)], db, clock)[1]


def test_a_new_title_notes_that_the_file_has_its_own(
    db: str, clock: FixedClock, write_deck: WriteDeck
) -> None:
    path = write_deck("optimizers.md", DECK)
    run(["import", str(path)], db, clock)
    code, out, _ = run(["deck", "rename", "optimizers", "opt", "--title", "Opt"], db, clock)
    assert code == 0
    assert out == (
        "deck optimizers is now opt: Opt\n"
        f"  note: the title in {path.resolve()} is the deck's: its next import sets that one "
        "again (change it there to keep this one)\n"
    )


def test_a_renamed_decks_file_given_another_deck_goes_there(
    db: str, clock: FixedClock, write_deck: WriteDeck
) -> None:
    path = write_deck("optimizers.md", DECK)
    run(["import", str(path)], db, clock)
    run(["deck", "rename", "optimizers", "opt"], db, clock)
    code, out, _ = run(["import", str(path), "--deck", "copy"], db, clock)
    assert code == 0
    assert "deck copy (md): 2 added" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "new"], 'no deck "nope"'),
        (["optimizers", "Not An Id"], "'Not An Id' is not a deck id"),
        (["optimizers", "other"], 'deck id "other" is taken by another deck'),
        (["optimizers", "o", "--title", "  "], "a deck title is one line"),
    ],
)
def test_bad_renames_say_why_in_one_line(
    db: str, clock: FixedClock, write_deck: WriteDeck, args: list[str], message: str
) -> None:
    run(["import", str(write_deck("optimizers.md", DECK))], db, clock)
    run(["import", str(write_deck("other.md", DECK.replace("optimizers", "other")))], db, clock)

    code, out, err = run(["deck", "rename", *args], db, clock)

    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert err.startswith("studyapp: " + message)


def test_a_bundled_deck_keeps_its_id(tmp_path: Path, clock: FixedClock) -> None:
    db = str(tmp_path / "bundled.sqlite3")
    code, _, err = run(["deck", "rename", "training-by-the-numbers", "numbers"], db, clock)
    assert code == 2
    assert err.startswith('studyapp: "training-by-the-numbers" is a bundled deck')


# --- rm and restore ----------------------------------------------------------------------------


def test_rm_yes_writes_the_backup_and_import_restores_it(
    history_db: str, clock: FixedClock, backups: Path
) -> None:
    collection = opened(history_db, clock)
    before = report_to_json(collection.stats())
    collection.close()

    code, out, err = run(["deck", "rm", "alpha", "--yes"], history_db, clock)

    assert (code, err) == (0, "")
    (backup,) = backups.iterdir()
    assert backup.name == "alpha-20260310T080000Z.studyapp-deck.json"
    assert out == (
        f"removed deck alpha; its backup: {backup}\n"
        f"  bring it back with: studyapp import {backup}\n"
    )
    assert deck_keys(history_db, clock) == ["beta"]

    code, out, err = run(["import", str(backup)], history_db, clock)

    assert (code, err) == (0, "")
    assert (
        out.splitlines()[0]
        == f"{backup}: deck alpha (backup): 4 added, 0 updated, 0 unchanged, 0 retired"
    )
    collection = opened(history_db, clock)
    try:
        assert report_to_json(collection.stats()) == before
    finally:
        collection.close()


def test_rm_asks_and_no_keeps_the_deck(
    history_db: str, clock: FixedClock, backups: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", FakeTerminal("n\n"))

    code, out, err = run(["deck", "rm", "alpha"], history_db, clock)

    assert code == 0
    assert err == (
        f"Remove deck alpha (4 cards, 8 reviews)? A backup is written to {backups} first [y/N] "
    )
    assert out == "nothing was removed\n"
    assert not backups.exists()
    assert deck_keys(history_db, clock) == ["alpha", "beta"]


def test_rm_asks_and_yes_removes(
    history_db: str, clock: FixedClock, backups: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", FakeTerminal("y\n"))
    code, out, _ = run(["deck", "rm", "beta"], history_db, clock)
    assert code == 0
    assert out.startswith("removed deck beta; its backup: ")
    assert len(list(backups.iterdir())) == 1


def test_rm_with_no_terminal_and_no_yes_refuses(
    history_db: str, clock: FixedClock, backups: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, err = run(["deck", "rm", "alpha"], history_db, clock)
    assert (code, out) == (2, "")
    assert err == (
        "studyapp: deck rm asks before removing, and stdin is not a terminal: nothing was "
        "removed (add --yes to remove without asking)\n"
    )
    assert not backups.exists()


def test_rm_of_an_unknown_deck(db: str, clock: FixedClock, backups: Path) -> None:
    code, out, err = run(["deck", "rm", "nope", "--yes"], db, clock)
    assert (code, out, err) == (2, "", 'studyapp: no deck "nope"\n')


def test_rm_whose_backup_cannot_be_written_removes_nothing(
    history_db: str, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr("studyapp.paths.deck_backups_dir", lambda: blocked / "backups")

    code, out, err = run(["deck", "rm", "alpha", "--yes"], history_db, clock)

    assert (code, out) == (2, "")
    assert err.startswith(f"studyapp: cannot write the backup to {blocked / 'backups'}: ")
    assert err.endswith("nothing was removed\n")
    assert deck_keys(history_db, clock) == ["alpha", "beta"]


def test_a_restore_onto_a_taken_id_is_refused_and_deck_restores_elsewhere(
    history_db: str, clock: FixedClock, backups: Path, write_deck: WriteDeck
) -> None:
    run(["deck", "rm", "alpha", "--yes"], history_db, clock)
    (backup,) = backups.iterdir()
    run(
        ["import", str(write_deck("new.md", DECK.replace("optimizers", "alpha")))],
        history_db,
        clock,
    )

    code, out, err = run(["import", str(backup)], history_db, clock)
    assert (code, out) == (2, "")
    assert f'{backup}: deck id "alpha" is taken by a deck of yours; nothing was restored' in err

    code, out, err = run(["import", str(backup), "--deck", "alpha-2"], history_db, clock)
    assert (code, err) == (0, "")
    assert "deck alpha-2 (backup): 4 added" in out
