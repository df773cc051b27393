"""Removing a deck (``studyapp.store.deck_removal``) through the collection: the backup holds
every row, the deletion leaves no row of the deck and consistent summaries behind, and a restore
(``studyapp.store.deck_restore``) gives back the same rows and the same figures."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from studyapp.cli.stats_json import report_to_json
from studyapp.clock import FixedClock
from studyapp.collection import Collection, ImportTarget
from studyapp.decks.errors import DeckError
from studyapp.paths import bundled_cards_dir
from studyapp.scope import Scope
from studyapp.store.deck_backup import read_backup
from studyapp.store.deck_removal import UnknownDeckError
from studyapp.store.results import AnswerRecord
from studyapp.store.schema import (
    answers,
    card_states,
    cards,
    decks,
    match_games,
    review_days,
    reviews,
    test_results,
    unfinished_sessions,
)
from tests.cli.test_stats_json import ALPHA, fabricate_history
from tests.conftest import POSTGRES_URL, START, WriteDeck, postgres_schema

#: Every table a deck has rows in (``review_days`` is kept by triggers).
TABLES = (decks, cards, card_states, reviews, answers, review_days, test_results, match_games)
#: Columns that hold row ids (compared through what they point to, not by value).
ROW_IDS = {"id", "card_id", "deck_id", "test_id"}


def contents(collection: Collection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, row ids replaced by the deck and card keys they mean."""
    with collection.engine.connect() as connection:
        deck_key = dict(connection.execute(select(decks.c.id, decks.c.key)).all())
        card_key = {
            card_id: f"{deck_key[deck_id]}/{key}"
            for card_id, deck_id, key in connection.execute(
                select(cards.c.id, cards.c.deck_id, cards.c.key)
            )
        }
        test_of = dict(
            connection.execute(select(test_results.c.id, test_results.c.started_at)).all()
        )
        found: dict[str, list[tuple[Any, ...]]] = {}
        for table in (*TABLES, unfinished_sessions):
            rows = []
            for row in connection.execute(select(table)).mappings():
                values = []
                for name, value in row.items():
                    if name == "card_id":
                        value = card_key[value]
                    elif name == "deck_id":
                        value = deck_key[value]
                    elif name == "test_id":
                        value = test_of.get(value)
                    elif name == "id":
                        continue
                    values.append((name, value))
                rows.append(tuple(values))
            found[table.name] = sorted(rows, key=repr)
    return found


@pytest.fixture
def history(collection: Collection, clock: FixedClock, write_deck: WriteDeck) -> dict[str, int]:
    ids = fabricate_history(collection, clock, write_deck)
    collection.keep_unfinished("learn", ALPHA, {"step": 1})
    now = collection.clock.now()
    both = [  # a test over all decks: its answer of alpha's card a goes and comes back with it
        AnswerRecord(ids[card], "test", "choice", card == "a", now) for card in ("a", "e")
    ]
    collection.record_test(Scope(), now, ["choice"], both, questions=2, correct=1)
    with collection.writer.begin() as connection:  # marks come back too
        connection.execute(
            card_states.update()
            .where(card_states.c.card_id == ids["a"])
            .values(starred=True, flag=3, suspended=True)
        )
    return ids


def test_remove_then_restore_gives_back_every_row_and_figure(
    collection: Collection, history: dict[str, int], tmp_path: Path
) -> None:
    before = contents(collection)
    stats_before = report_to_json(collection.stats())
    alpha_before = report_to_json(collection.stats(ALPHA))

    backup = collection.remove_deck("alpha", tmp_path / "backups")

    assert backup.parent == tmp_path / "backups"
    assert backup.name.startswith("alpha-2026")
    assert backup.name.endswith(".studyapp-deck.json")
    assert collection.deck_keys() == ["beta"]
    report = collection.import_paths([backup]).reports[0]
    assert (report.deck, report.added) == ("alpha", 4)
    assert contents(collection) == before
    assert report_to_json(collection.stats()) == stats_before
    assert report_to_json(collection.stats(ALPHA)) == alpha_before


def test_removal_leaves_no_row_of_the_deck_and_the_other_decks_figures_alone(
    collection: Collection, history: dict[str, int], tmp_path: Path
) -> None:
    beta = Scope(decks=("beta",))
    beta_before = report_to_json(collection.stats(beta))
    others = {
        name: [row for row in rows if "alpha" not in repr(row)]
        for name, rows in contents(collection).items()
    }

    collection.remove_deck("alpha", tmp_path)

    after = contents(collection)
    assert after == others
    assert report_to_json(collection.stats(beta)) == beta_before
    with collection.engine.connect() as connection:  # the tag game (not of the deck) stays
        assert connection.scalar(select(match_games.c.scope)) == "tag:t"


def test_the_backup_holds_the_whole_deck(
    collection: Collection, history: dict[str, int], tmp_path: Path
) -> None:
    path = collection.remove_deck("alpha", tmp_path)
    backup = read_backup(path.read_bytes(), str(path))
    counts = {name: len(rows) for name, rows in backup.rows.items()}
    assert counts == {
        "decks": 1,
        "cards": 4,
        "card_states": 4,
        "test_results": 1,
        "reviews": 8,
        "answers": 8,
        "match_games": 1,
        "unfinished_sessions": 1,
    }
    starred = [row for row in backup.rows["card_states"] if row["starred"]]
    assert [(row["flag"], row["suspended"]) for row in starred] == [(3, True)]


def test_a_restore_over_a_deck_of_that_id_is_refused_and_deck_names_another(
    collection: Collection, history: dict[str, int], tmp_path: Path, write_deck: WriteDeck
) -> None:
    path = collection.remove_deck("alpha", tmp_path)
    collection.import_file(write_deck("other.md", "---\nid: alpha\ntitle: New\n---\n## Q?\nA.\n"))

    batch = collection.import_paths([path])
    assert not batch.reports
    assert 'deck id "alpha" is taken' in str(batch.errors[0])
    assert "--deck NEW" in str(batch.errors[0])

    report = collection.import_paths([path], target=ImportTarget(deck="alpha-old")).reports[0]
    assert report.deck == "alpha-old"
    assert collection.deck_size("alpha-old").reviews == 8
    with collection.engine.connect() as connection:
        scopes = set(connection.scalars(select(test_results.c.scope)))
    assert scopes == {"all", "deck:alpha-old"}


def test_restored_cards_get_new_ids_when_theirs_are_taken(
    collection: Collection, history: dict[str, int], tmp_path: Path, write_deck: WriteDeck
) -> None:
    before = contents(collection)
    path = collection.remove_deck("alpha", tmp_path)
    with collection.writer.begin() as connection:  # another deck's card takes a freed id
        beta = connection.scalar(select(decks.c.id).where(decks.c.key == "beta"))
        connection.execute(
            cards.insert().values(
                id=history["a"], deck_id=beta, key="x", position=99, question="x", answer="y",
                type="basic", content_hash="0", created_at=collection.clock.now(),
                updated_at=collection.clock.now(),
            )
        )  # fmt: skip
        connection.execute(card_states.insert().values(card_id=history["a"], deck_id=beta))

    report = collection.import_paths([path]).reports[0]

    assert "1 unfinished session(s) left out" in report.remarks[-1]
    after = contents(collection)
    assert after["reviews"] == before["reviews"]
    assert after["answers"] == before["answers"]
    assert after["review_days"] == before["review_days"]


def test_unknown_deck(collection: Collection, tmp_path: Path) -> None:
    with pytest.raises(UnknownDeckError, match='no deck "nope"'):
        collection.remove_deck("nope", tmp_path)
    assert not tmp_path.joinpath("nope").exists()


def test_a_replace_never_restores(
    collection: Collection, history: dict[str, int], tmp_path: Path
) -> None:
    path = collection.remove_deck("alpha", tmp_path)
    with pytest.raises(DeckError, match="never replaces"):
        collection.restore_deck(path, target=ImportTarget(replace=True))


@contextmanager
def another_store(tmp_path: Path) -> Iterator[str]:
    """A second empty store of the kind the tests run on."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'other.sqlite3'}"
        return
    with postgres_schema(POSTGRES_URL) as url:
        yield url


def test_a_backup_restores_into_another_store_and_new_rows_follow(
    collection: Collection, history: dict[str, int], tmp_path: Path, write_deck: WriteDeck
) -> None:
    path = collection.remove_deck("beta", tmp_path)  # its cards have row ids 5 to 8
    body = "".join(f"## Q{n}?\nA{n}.\n\n" for n in range(8))
    with another_store(tmp_path) as url:
        other = Collection.open(url, collection.clock, bundled=False)
        try:
            assert other.import_paths([path]).reports[0].added == 4
            # eight new cards: their ids pass the restored ones (PostgreSQL's sequence moved)
            other.import_file(write_deck("g.md", f"---\nid: gamma\ntitle: G\n---\n{body}"))
            assert [s.cards for s in other.deck_summaries()] == [4, 8]
        finally:
            other.close()


@pytest.mark.sqlite_only
def test_the_search_index_follows_a_removal_and_a_restore(
    collection: Collection, history: dict[str, int], tmp_path: Path
) -> None:
    def found(word: str) -> list[int]:
        with collection.engine.connect() as connection:
            check = connection.exec_driver_sql(
                "INSERT INTO cards_text (cards_text) VALUES ('integrity-check')"
            )
            check.close()
            return list(
                connection.scalars(
                    select(text("rowid"))
                    .select_from(text("cards_text"))
                    .where(text("cards_text MATCH :word")),
                    {"word": word},
                )
            )

    def tagged() -> list[tuple[int, str]]:
        with collection.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT card_id, name FROM card_tags JOIN tag_names ON tag_names.id = tag_id"
            )
            return sorted((int(card_id), str(name)) for card_id, name in rows)

    before, tags_before = sorted(found("question")), tagged()
    path = collection.remove_deck("alpha", tmp_path)
    assert len(found("question")) == len(before) - 4
    assert len(tagged()) < len(tags_before)
    collection.import_paths([path])
    assert (sorted(found("question")), tagged()) == (before, tags_before)


def test_bundled_decks_with_demo_links_and_numeric_cards_come_back_whole(
    db_url: str, tmp_path: Path
) -> None:
    collection = Collection.open(db_url, FixedClock(START))
    try:
        before = contents(collection)
        keys = collection.deck_keys()
        paths = [collection.remove_deck(key, tmp_path) for key in keys]
        assert collection.deck_keys() == []
        batch = collection.import_paths(paths)
        assert batch.errors == []
        assert contents(collection) == before
    finally:
        collection.close()


def test_a_removed_bundled_deck_stays_removed_when_the_app_updates_its_decks(
    db_url: str, tmp_path: Path
) -> None:
    """An app update changes every bundled deck; the one the user removed stays removed until
    its backup is restored, and then takes the next update."""
    folder = tmp_path / "cards"
    shutil.copytree(bundled_cards_dir(), folder)
    removed, other = "training-by-the-numbers", "optimization-in-neural-networks"

    def update_app(version: str) -> None:
        for path in folder.glob("*.md"):
            path.write_text(path.read_text().replace("\n## ", f"\n## [{version}] ", 1))

    def first_question(collection: Collection, key: str) -> str:
        return collection.scope_cards(Scope(decks=(key,)))[0].question

    collection = Collection.open(db_url, FixedClock(START), bundled=folder)
    try:
        backup = collection.remove_deck(removed, tmp_path / "backups")
        update_app("v2")
        assert collection.sync_bundled_decks(folder).errors == []
        assert removed not in collection.deck_keys()
        assert first_question(collection, other).startswith("[v2] ")
        assert collection.import_paths([backup]).errors == []
        update_app("v3")
        assert collection.sync_bundled_decks(folder).errors == []
        assert first_question(collection, removed).startswith("[v3] ")
    finally:
        collection.close()


def test_a_second_backup_in_the_same_second_never_replaces_the_first(
    collection: Collection, history: dict[str, int], tmp_path: Path
) -> None:
    first = collection.remove_deck("alpha", tmp_path)
    collection.import_paths([first])
    second = collection.remove_deck("alpha", tmp_path)
    assert first.name == "alpha-20260310T080000Z.studyapp-deck.json"
    assert second.name == "alpha-20260310T080000Z-2.studyapp-deck.json"
    assert first.exists()
