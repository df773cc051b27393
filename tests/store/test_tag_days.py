"""The per-tag daily sums of the review log, kept by triggers: after every kind of write, what
the log and the cards' tags add up to.

(The upgrade that fills them from an old store: ``test_migrations.py``.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from studyapp.analytics.daily import _from_the_log, daily_work
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.schema import cards
from tests.conftest import WriteDeck
from tests.store.summaries import DaySums, kept_tag_sums, logged_tag_sums

TODAY = date(2026, 3, 10)
EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports"

ONE = "## a\nA\ntags:: x, y\n\n## b\nB\ntags:: x\n\n## e\nE\n"
TWO = "## c\nC\ntags:: y\n"


def kept(collection: Collection) -> DaySums:
    with collection.engine.connect() as connection:
        return kept_tag_sums(connection)


def logged(collection: Collection) -> DaySums:
    with collection.engine.connect() as connection:
        return logged_tag_sums(connection)


@pytest.fixture
def decks(collection: Collection, write_deck: WriteDeck) -> dict[str, int]:
    """Deck ``one``: a (tags x, y), b (x), e (none); deck ``two``: c (y). Card ids by letter."""
    collection.import_file(write_deck("one.md", ONE))
    collection.import_file(write_deck("two.md", TWO))
    return {card.question: card.id for card in collection.scope_cards(Scope())}


@pytest.fixture
def rated(collection: Collection, clock: FixedClock, decks: dict[str, int]) -> dict[str, int]:
    """Three days of ratings of every card, in every mode, with repeats and missing times."""
    for day in range(3):
        collection.rate(decks["a"], 4, response_ms=1000 + day)
        collection.rate(decks["b"], 2, response_ms=2000)
        collection.rate(decks["b"], 4, scheduled=False)
        collection.rate(decks["c"], 3, mode="learn", response_ms=500)
        collection.rate(decks["e"], 5)
        clock.advance(days=1)
    return decks


def test_every_rating_is_added_to_each_tag_of_its_card(
    collection: Collection, clock: FixedClock, decks: dict[str, int]
) -> None:
    collection.rate(decks["a"], 4, response_ms=1000)  # a recall passed: 0 -> 4
    collection.rate(decks["b"], 2, response_ms=2000)  # a recall failed: 0 -> 2
    collection.rate(decks["b"], 5, scheduled=False)  # a repeat of the day: 2 -> 5
    collection.rate(decks["c"], 3, mode="learn", response_ms=500)  # not a recall: 0 -> 3
    collection.rate(decks["e"], 1)  # no tag: in no tag's sums
    assert kept(collection) == {
        (TODAY, "x"): (3, 2, 1, 3000, 4 + 2 + 3),
        (TODAY, "y"): (2, 1, 1, 1500, 4 + 3),
    }
    assert kept(collection) == logged(collection)


def test_undoing_ratings_takes_them_back(
    collection: Collection, clock: FixedClock, rated: dict[str, int]
) -> None:
    first = collection.rate(rated["a"], 2, response_ms=700).review_id
    last = collection.rate(rated["c"], 5).review_id
    collection.undo(last)
    collection.undo(first)
    with collection.engine.connect() as connection:  # the earlier days as they were
        assert kept_tag_sums(connection) == logged_tag_sums(connection)
    assert all(day < date(2026, 3, 13) for day, _ in kept(collection))


def test_a_card_retagged_moves_its_log_to_its_new_tags(
    collection: Collection, write_deck: WriteDeck, rated: dict[str, int]
) -> None:
    before = kept(collection)
    # a: x, y -> y, z (x lost, z gained); b: x -> x (the same, written again); e: none -> x
    collection.import_file(
        write_deck(
            "one.md",
            ONE.replace("tags:: x, y", "tags:: y, z").replace("## e\nE\n", "## e\nE\ntags:: x\n"),
        )
    )
    after = kept(collection)
    assert after == logged(collection)
    assert {tag for _, tag in after} == {"x", "y", "z"}
    assert after != before
    collection.edit_card(rated["a"], {"tags": []})  # in the app: a's log leaves y and z
    assert kept(collection) == logged(collection)
    assert {tag for _, tag in kept(collection)} == {"x", "y"}


def test_a_card_tagged_twice_by_a_direct_write_counts_once(
    collection: Collection, rated: dict[str, int]
) -> None:
    with collection.writer.begin() as connection:
        connection.execute(
            update(cards).where(cards.c.id == rated["c"]).values(tags=["y", "y", "w"])
        )
    assert kept(collection) == logged(collection)
    collection.rate(rated["c"], 4, response_ms=300)
    assert kept(collection) == logged(collection)


def test_a_retired_card_keeps_its_tags_and_its_log(
    collection: Collection, write_deck: WriteDeck, rated: dict[str, int]
) -> None:
    before = kept(collection)
    collection.import_file(write_deck("one.md", ONE.replace("## a\nA\ntags:: x, y\n\n", "")))
    assert kept(collection) == before == logged(collection)


def test_removing_and_restoring_a_deck(
    collection: Collection, tmp_path: Path, rated: dict[str, int]
) -> None:
    before = kept(collection)
    backup = collection.remove_deck("one", tmp_path / "backups")
    assert kept(collection) == logged(collection)
    assert {tag for _, tag in kept(collection)} == {"y"}  # c's alone
    collection.restore_deck(backup)
    assert kept(collection) == before == logged(collection)


def test_an_anki_package_with_its_reviews(collection: Collection) -> None:
    batch = collection.import_paths([EXPORTS / "anki-optimizers.apkg"])
    assert not batch.errors
    assert kept(collection)  # the package's cards are tagged and reviewed
    assert kept(collection) == logged(collection)


def test_a_tag_view_reads_the_same_days_as_the_log_gives(
    collection: Collection, rated: dict[str, int]
) -> None:
    with collection.engine.connect() as connection:
        for tag in ("x", "y", "none"):
            scope = Scope(tag=tag)
            from_the_log = [
                tuple(row) for row in connection.execute(_from_the_log(connection, scope))
            ]
            from_the_sums = [
                (
                    work.day,
                    work.reviews,
                    work.recalls,
                    work.recalled,
                    work.response_ms,
                    work.rating_change,
                )
                for work in daily_work(connection, scope)
            ]
            assert from_the_sums == from_the_log
            assert from_the_sums or tag == "none"
