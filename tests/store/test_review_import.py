"""Replaying another app's ratings: the day rule, what is skipped, and a consistent store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from studyapp.clock import FixedClock, zone_of
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


@pytest.mark.parametrize("scheduler", ["sm2", "fsrs"])
def test_a_replayed_history_is_what_rating_it_here_gives_every_time(
    tmp_path: Path, scheduler: str
) -> None:
    """Replay determinism: the same history replayed into two new stores, and rated one by
    one in a third, leaves the same card state (both schedulers' memories and due days) and
    the same review log."""
    ratings = [(LATE + timedelta(days=day, minutes=minute), Rating(rating))
               for day, minute, rating in ((0, 0, 4), (0, 5, 2), (1, 0, 1), (1, 20, 4),
                                           (4, 0, 5), (13, 0, 3), (40, 0, 4))]  # fmt: skip
    results = []
    for name, live in (("a", False), ("b", False), ("live", True)):
        clock = FixedClock(LATE.astimezone(LOCAL))
        store = Collection.open(f"sqlite:///{tmp_path / name}.sqlite3", clock, bundled=False)
        try:
            store.scheduler_name = scheduler
            deck = tmp_path / "one.md"
            deck.write_text("## a\nA\n", encoding="utf-8")
            store.import_file(deck)
            [only] = store.scope_cards(Scope())
            if live:
                for moment, rating in ratings:
                    clock.moment = moment.astimezone(LOCAL)
                    store.rate(only.id, rating)
            else:
                with store.writer.begin() as connection:
                    replay_ratings(
                        connection,
                        store.scheduler,
                        [ImportedRating(only.id, moment, rating) for moment, rating in ratings],
                        zone_of(clock),
                    )
            with store.engine.connect() as connection:
                state = connection.execute(select(card_states)).one()._asdict()
                log = [
                    {**row._asdict(), "id": None, "response_ms": None}
                    for row in connection.execute(select(reviews).order_by(reviews.c.id))
                ]
            results.append((state, log))
        finally:
            store.close()
    (state, log), *others = results
    assert state["fsrs_stability"] is not None
    assert state["due"] == state[f"{scheduler}_due"]
    for other_state, other_log in others:
        assert other_state == state
        assert other_log == log
