"""Replaying another app's ratings: the day rule, what is skipped, and a consistent store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from studyapp.collection import Collection
from studyapp.scheduling import sm2
from studyapp.scheduling.paired import PairedScheduler
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.review_import import ANKI_BUTTON_RATINGS, ImportedRating, replay_ratings
from studyapp.store.reviews import record_rating, undo_rating
from studyapp.store.schema import card_states, reviews
from tests.conftest import LOCAL, WriteDeck
from tests.store.test_review_days import rebuilt, sums

SM2 = PairedScheduler()  # SM-2 chosen, FSRS moved beside it

#: 23:30 UTC is 00:30 the next day for the UTC+1 user of the tests.
LATE = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)


@pytest.fixture
def card(collection: Collection, write_deck: WriteDeck) -> int:
    collection.import_file(write_deck("one.md", "## a\nA\n"))
    [only] = collection.scope_cards(Scope())
    return only.id


def _replay(collection: Collection, ratings: list[ImportedRating]) -> int:
    with collection.engine.begin() as connection:
        return replay_ratings(connection, SM2, ratings, LOCAL)


def _log(collection: Collection, card: int) -> list[tuple[object, ...]]:
    with collection.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                select(reviews.c.day, reviews.c.rating, reviews.c.scheduled,
                       reviews.c.rating_before, reviews.c.mode, reviews.c.response_ms)
                .where(reviews.c.card_id == card)
                .order_by(reviews.c.reviewed_at)
            )
        ]  # fmt: skip


def test_anki_buttons_map_to_ratings_with_hard_as_the_lowest_pass() -> None:
    assert ANKI_BUTTON_RATINGS == {1: 1, 2: 3, 3: 4, 4: 5}
    assert all(isinstance(rating, Rating) for rating in ANKI_BUTTON_RATINGS.values())
    assert not sm2.is_pass(ANKI_BUTTON_RATINGS[1])
    assert all(sm2.is_pass(ANKI_BUTTON_RATINGS[button]) for button in (2, 3, 4))


def test_the_first_rating_of_each_local_day_moves_the_schedule(
    collection: Collection, card: int
) -> None:
    ratings = [
        ImportedRating(card, LATE, 1, 4000),  # day 2 March locally
        ImportedRating(card, LATE + timedelta(minutes=10), 4),  # same local day: a repeat
        ImportedRating(card, LATE + timedelta(days=1), 4, 2500),
        ImportedRating(card, LATE + timedelta(days=7), 5),
    ]
    assert _replay(collection, list(reversed(ratings))) == 4  # any order in, time order kept
    assert _log(collection, card) == [
        (date(2026, 3, 2), 1, True, None, "spaced", 4000),
        (date(2026, 3, 2), 4, False, 1, "spaced", None),
        (date(2026, 3, 3), 4, True, 4, "spaced", 2500),
        (date(2026, 3, 9), 5, True, 4, "spaced", None),
    ]
    state = sm2.SM2State()
    for quality in (1, 4, 5):
        state = sm2.review(state, quality)
    with collection.engine.connect() as connection:
        row = connection.execute(select(card_states).where(card_states.c.card_id == card)).one()
    assert (row.repetitions, row.easiness, row.interval) == (
        state.repetitions,
        state.easiness,
        state.interval,
    )
    assert row.due == sm2.next_due(date(2026, 3, 9), state)
    assert (row.introduced_on, row.lapses, row.reviews, row.rating_sum, row.last_rating) == (
        date(2026, 3, 2), 1, 4, 14, 5,
    )  # fmt: skip


def test_ratings_the_store_has_already_seen_are_not_replayed(
    collection: Collection, card: int
) -> None:
    ratings = [ImportedRating(card, LATE, 3), ImportedRating(card, LATE + timedelta(days=2), 4)]
    assert _replay(collection, ratings) == 2
    assert _replay(collection, ratings) == 0
    later = ImportedRating(card, LATE + timedelta(days=5), 5)
    assert _replay(collection, [*ratings, later]) == 1
    assert [row[1] for row in _log(collection, card)] == [3, 4, 5]


def test_ratings_older_than_the_cards_own_history_are_skipped(
    collection: Collection, card: int
) -> None:
    with collection.engine.begin() as connection:
        record_rating(
            connection,
            SM2,
            card,
            Rating.FOUR,
            mode="spaced",
            now=LATE + timedelta(days=3),
            today=date(2026, 3, 5),
        )
    assert _replay(collection, [ImportedRating(card, LATE, 1)]) == 0
    assert [row[1] for row in _log(collection, card)] == [4]


def test_replayed_ratings_keep_the_per_day_sums_and_can_be_undone(
    collection: Collection, card: int
) -> None:
    _replay(
        collection,
        [ImportedRating(card, LATE, 2), ImportedRating(card, LATE + timedelta(days=1), 5, 900)],
    )
    with collection.engine.connect() as connection:
        assert sums(connection) == rebuilt(collection)
    with collection.engine.begin() as connection:
        last = (
            connection.execute(select(reviews.c.id).order_by(reviews.c.id.desc())).scalars().first()
        )
        assert last is not None
        undo_rating(connection, SM2, last)
        row = connection.execute(select(card_states).where(card_states.c.card_id == card)).one()
    assert (row.reviews, row.rating_sum, row.last_rating, row.interval) == (1, 2, 2, 1)
