"""The per-deck daily sums of the review log, kept by triggers: always what the log adds up to.

(The upgrades that fill them from an old store: ``test_migrations.py``.)
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Connection, select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.schema import card_states, reviews
from tests.conftest import LOCAL, WriteDeck
from tests.store.summaries import DaySums, kept_day_sums, logged_day_sums

TODAY = date(2026, 3, 10)
Sums = DaySums


def sums(connection: Connection) -> Sums:
    """review_days by (day, deck key): reviews, recalls, recalled, response ms, rating change."""
    return kept_day_sums(connection)


def rebuilt(collection: Collection) -> Sums:
    """What the sums are when counted from the log itself."""
    with collection.engine.connect() as connection:
        return logged_day_sums(connection)


@pytest.fixture
def two_decks(collection: Collection, write_deck: WriteDeck) -> dict[str, int]:
    """Decks ``one`` (cards a, b) and ``two`` (card c); their card ids by letter."""
    collection.import_file(write_deck("one.md", "## a\nA\n\n## b\nB\n"))
    collection.import_file(write_deck("two.md", "## c\nC\n"))
    cards = collection.scope_cards(Scope())
    return {card.question: card.id for card in cards}


def test_every_rating_is_added_to_its_decks_day(
    collection: Collection, clock: FixedClock, two_decks: dict[str, int]
) -> None:
    a, b, c = two_decks["a"], two_decks["b"], two_decks["c"]
    collection.rate(a, 4, response_ms=1000)  # spaced, scheduled, a pass: 0 -> 4
    collection.rate(b, 2, response_ms=2000)  # a lapse: 0 -> 2
    collection.rate(b, 5, scheduled=False)  # a same-session repeat, no time: 2 -> 5
    collection.rate(c, 3, mode="learn", response_ms=500)  # not a recall: 0 -> 3
    clock.moment = datetime(2026, 3, 10, 23, 30, tzinfo=LOCAL)  # 22:30 UTC, still the 10th
    collection.rate(a, 1, response_ms=4000)  # a repeat of the day, not a recall: 4 -> 1
    clock.moment = datetime(2026, 3, 11, 0, 30, tzinfo=LOCAL)  # the 11th (23:30 UTC on the 10th)
    collection.rate(a, 5, mode="test")  # 1 -> 5
    with collection.engine.connect() as connection:
        found = sums(connection)
    assert found == {
        # recalls: a 4, b 2 (not the repeats of the day); only a's 4 passed
        (TODAY, "one"): (4, 2, 1, 7000, 4 + 2 + 3 - 3),
        (TODAY, "two"): (1, 0, 0, 500, 3),
        (date(2026, 3, 11), "one"): (1, 0, 0, 0, 4),
    }
    assert found == rebuilt(collection)


def test_undoing_a_rating_takes_it_back(
    collection: Collection, clock: FixedClock, two_decks: dict[str, int]
) -> None:
    a = two_decks["a"]
    first = collection.rate(a, 4, response_ms=1000).review_id
    clock.advance(days=1)
    middle = collection.rate(a, 2, response_ms=2000).review_id
    clock.advance(days=1)
    last = collection.rate(a, 5, mode="learn", response_ms=3000).review_id
    collection.undo(last)
    with collection.engine.connect() as connection:
        assert sums(connection) == {
            (TODAY, "one"): (1, 1, 1, 1000, 4),
            (date(2026, 3, 11), "one"): (1, 1, 0, 2000, -2),
        }
    # taking back an earlier rating relinks the next one: the change 4 -> 2 becomes 0 -> 2
    collection.undo(first)
    with collection.engine.connect() as connection:
        assert sums(connection) == {(date(2026, 3, 11), "one"): (1, 1, 0, 2000, 2)}
        before = connection.scalar(select(reviews.c.rating_before).where(reviews.c.id == middle))
        rating_sum = connection.scalar(
            select(card_states.c.rating_sum).where(card_states.c.card_id == a)
        )
    assert before is None
    assert rating_sum == 2
    assert sums_equal_rebuild(collection)


def sums_equal_rebuild(collection: Collection) -> bool:
    """Whether the kept sums are exactly what a rebuild from the log gives."""
    with collection.engine.connect() as connection:
        kept = sums(connection)
    return kept == rebuilt(collection)
