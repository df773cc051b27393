"""The due queue under a fixed clock: overdue oldest first, then new cards up to the limit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.store.schema import card_states
from tests.conftest import WriteDeck


def _deck(name: str, count: int) -> str:
    return "".join(f"## {name} question {i}\n{name} answer {i}\n\n" for i in range(count))


@pytest.fixture
def ids(collection: Collection, write_deck: WriteDeck) -> list[int]:
    collection.import_file(write_deck("alpha.md", _deck("alpha", 30)))
    collection.import_file(write_deck("beta.md", _deck("beta", 5)))
    return list(collection.due_queue().new)


def _set_due(collection: Collection, due: dict[int, date]) -> None:
    with collection.engine.begin() as connection:
        for card_id, day in due.items():
            connection.execute(
                update(card_states)
                .where(card_states.c.card_id == card_id)
                .values(due=day, repetitions=1, interval=1)
            )


def test_new_cards_come_in_file_order_up_to_the_daily_limit(
    collection: Collection, ids: list[int]
) -> None:
    queue = collection.due_queue()
    assert queue.reviews == ()
    assert len(queue.new) == 20
    assert list(queue.new) == sorted(queue.new)
    collection.new_per_day = 25
    assert len(collection.due_queue().new) == 25
    assert collection.due_queue(["beta"]).new == tuple(sorted(collection.due_queue(["beta"]).new))
    assert len(collection.due_queue(["beta"]).new) == 5


def test_overdue_cards_come_first_longest_overdue_first(
    collection: Collection, clock: FixedClock, ids: list[int]
) -> None:
    a, b, c, d = ids[:4]
    _set_due(
        collection,
        {a: date(2026, 3, 10), b: date(2026, 2, 1), c: date(2026, 3, 11), d: date(2026, 3, 1)},
    )
    queue = collection.due_queue()
    assert queue.reviews == (b, d, a)  # c is due tomorrow
    assert c not in queue.new
    assert len(queue.new) == 20
    assert queue.card_ids[:3] == (b, d, a)
    clock.advance(days=1)
    assert collection.due_queue().reviews == (b, d, a, c)


def test_new_cards_started_today_count_against_the_limit(
    collection: Collection, clock: FixedClock, ids: list[int]
) -> None:
    collection.new_per_day = 5
    first = collection.due_queue().new
    for card_id in first[:3]:
        collection.rate(card_id, 5)
    assert len(collection.due_queue().new) == 2
    assert collection.due_queue().new == first[3:5]
    clock.advance(days=1)
    queue = collection.due_queue()
    assert queue.reviews == first[:3]
    assert len(queue.new) == 5


def test_the_queue_is_the_same_every_time(collection: Collection, ids: list[int]) -> None:
    _set_due(collection, {card_id: date(2026, 3, 9) for card_id in ids[:10]})
    assert collection.due_queue() == collection.due_queue()
    assert collection.due_queue().reviews == tuple(ids[:10])


def test_retired_cards_never_appear(
    collection: Collection, write_deck: WriteDeck, ids: list[int]
) -> None:
    _set_due(collection, {ids[0]: date(2026, 3, 1)})
    collection.import_file(write_deck("alpha.md", "## only this one\nleft\n"))
    queue = collection.due_queue()
    assert ids[0] not in queue.card_ids
    assert all(card_id not in queue.card_ids for card_id in ids[:30])


def test_a_zero_limit_means_no_new_cards(collection: Collection, ids: list[int]) -> None:
    collection.new_per_day = 0
    assert collection.due_queue().new == ()
    with pytest.raises(ValueError, match="negative"):
        collection.new_per_day = -1


def test_reviews_are_capped_per_day_and_reviews_made_today_count(
    collection: Collection, clock: FixedClock, ids: list[int]
) -> None:
    _set_due(collection, {card_id: date(2026, 3, 1 + i % 9) for i, card_id in enumerate(ids)})
    assert len(collection.due_queue().reviews) == 20  # the fixture made 20 cards due
    collection.reviews_per_day = 10
    capped = collection.due_queue().reviews
    assert len(capped) == 10
    assert capped == collection_all_due(collection)[:10]  # the most overdue come first
    for card_id in capped[:4]:
        collection.rate(card_id, 4)
    assert len(collection.due_queue().reviews) == 6
    collection.rate(collection.due_queue().new[0], 4)  # a new card does not use up a review
    assert len(collection.due_queue().reviews) == 6
    clock.advance(days=1)
    assert len(collection.due_queue().reviews) == 10


def collection_all_due(collection: Collection) -> tuple[int, ...]:
    limit = collection.reviews_per_day
    collection.reviews_per_day = 10_000
    everything = collection.due_queue().reviews
    collection.reviews_per_day = limit
    return everything


def test_relearning_cards_come_first_when_due_and_learn_ahead_last(
    collection: Collection, clock: FixedClock, ids: list[int]
) -> None:
    collection.new_per_day = 2
    first, second = collection.due_queue().new
    collection.rate(first, 1)
    collection.rate(second, 2)
    clock.advance(minutes=5)  # not yet due again: learnt ahead, last
    queue = collection.due_queue()
    assert (queue.relearning, queue.relearning_later, queue.new) == ((), (first, second), ())
    collection.new_per_day = 3  # another new card comes before them
    assert collection.due_queue().card_ids == (ids[2], first, second)
    clock.advance(minutes=5)  # their step has passed: first
    assert collection.due_queue().card_ids == (first, second, ids[2])
    collection.rate(first, 4)  # a repeat of the day: leaves relearning, schedule kept
    assert collection.due_queue().card_ids == (second, ids[2])
    assert [deck.due for deck in collection.deck_summaries()] == [1, 0]
    clock.advance(days=1)  # a new day: relearning is over, both are due by SM-2
    assert collection.due_queue().reviews == (first, second)


def test_relearning_is_outside_the_daily_review_limit(
    collection: Collection, clock: FixedClock, ids: list[int]
) -> None:
    _set_due(collection, {ids[0]: date(2026, 3, 9), ids[1]: date(2026, 3, 9)})
    collection.reviews_per_day = 1
    collection.rate(ids[0], 1)  # the day's one review
    clock.advance(minutes=10)
    queue = collection.due_queue()
    assert (queue.relearning, queue.reviews) == ((ids[0],), ())
