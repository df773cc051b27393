"""Renaming a deck in the store (``studyapp.store.deck_rename``): scopes that name it follow,
the rename is recorded for its source, and the records follow later renames and removals."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.deck_rename import DeckRenameError, RenameRecord, recorded_renames, renames_from
from studyapp.store.schema import decks, test_results
from tests.conftest import WriteDeck
from tests.store.test_package_import import package  # noqa: F401 (the fixture)


def deck_text(deck_id: str, title: str = "T") -> str:
    return f"---\nid: {deck_id}\ntitle: {title}\n---\n## Q?\nA.\n"


def records(collection: Collection) -> list[RenameRecord]:
    with collection.engine.connect() as connection:
        return recorded_renames(connection)


def test_a_rename_records_where_the_file_now_goes(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("a.md", deck_text("a"))
    collection.import_file(path)
    origin = str(path.resolve())

    collection.rename_deck("a", "b")
    collection.rename_deck("b", "c")

    assert records(collection) == [RenameRecord(origin, "file", "a", "c")]
    with collection.engine.connect() as connection:
        assert renames_from(connection, origin, "file") == {"a": "c"}
        assert renames_from(connection, origin, "package") == {}
    collection.rename_deck("c", "a")  # back to what the file says: nothing to record
    assert records(collection) == []


def test_a_removed_deck_drops_its_records(
    collection: Collection, write_deck: WriteDeck, tmp_path: Path
) -> None:
    path = write_deck("a.md", deck_text("a"))
    collection.import_file(path)
    collection.rename_deck("a", "b")
    collection.remove_deck("b", tmp_path / "backups")
    assert records(collection) == []
    assert collection.import_file(path).deck == "a"  # the file makes its deck anew


def test_scopes_of_several_decks_follow_a_rename(
    collection: Collection, write_deck: WriteDeck
) -> None:
    for deck_id in ("a", "b"):
        collection.import_file(write_deck(f"{deck_id}.md", deck_text(deck_id)))
    now = collection.clock.now()
    collection.record_test(Scope(decks=("a", "b")), now, ["choice"], [], questions=0, correct=0)
    collection.record_test(Scope(decks=("ab",)), now, ["choice"], [], questions=0, correct=0)

    collection.rename_deck("a", "z", "Zed")

    with collection.engine.connect() as connection:
        scopes = sorted(connection.scalars(select(test_results.c.scope)))
        title = connection.scalar(select(decks.c.title).where(decks.c.key == "z"))
    assert scopes == ["deck:ab", "deck:z,b"]
    assert title == "Zed"


def test_only_the_title_changes_when_the_id_stays(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("a.md", deck_text("a")))
    collection.rename_deck("a", "a", "New title")
    assert [s.title for s in collection.deck_summaries()] == ["New title"]
    assert records(collection) == []


def test_refusals(collection: Collection, write_deck: WriteDeck, tmp_path: Path) -> None:
    collection.import_file(write_deck("a.md", deck_text("a")))
    collection.import_file(write_deck("b.md", deck_text("b")))
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "c.md").write_text(deck_text("c"), encoding="utf-8")
    collection.sync_bundled_decks(bundled)
    with pytest.raises(DeckRenameError, match='no deck "x"'):
        collection.rename_deck("x", "y")
    with pytest.raises(DeckRenameError, match='deck id "b" is taken'):
        collection.rename_deck("a", "b")
    with pytest.raises(DeckRenameError, match='"c" is a bundled deck'):
        collection.rename_deck("c", "d")
    assert collection.deck_keys() == ["a", "b", "c"]


def test_a_renamed_package_deck_takes_the_packages_next_import(
    collection: Collection,
    package: Path,  # noqa: F811 (the fixture imported)
    tmp_path: Path,
) -> None:
    collection.import_paths([package])
    collection.rename_deck("neural-nets-optimizers", "optimizers")

    batch = collection.import_paths([package])

    assert batch.errors == []
    assert sorted((r.deck, r.added, r.unchanged) for r in batch.reports) == [
        ("neural-nets", 0, 1),
        ("optimizers", 0, 5),
    ]
    assert collection.deck_keys() == ["neural-nets", "optimizers"]
    # and a package deck removed and restored has its replayed history back
    before = collection.stats(Scope(decks=("optimizers",)))
    backup = collection.remove_deck("optimizers", tmp_path / "backups")
    collection.import_paths([backup])
    assert collection.stats(Scope(decks=("optimizers",))) == before
