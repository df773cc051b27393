"""Each card's recalls, as FSRS reads them: scheduled spaced ratings only, one a day, in order.
Runs on PostgreSQL too (STUDYAPP_TEST_POSTGRES_URL)."""

from __future__ import annotations

from datetime import timedelta

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.recall_history import recall_histories
from tests.conftest import WriteDeck


def test_only_the_first_spaced_rating_of_a_day_is_a_recall(
    collection: Collection, clock: FixedClock, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("d.md", "## Q1\nA1\n\n## Q2\nA2\n\n## Q3\nA3\n"))
    first, second, third = sorted(card.id for card in collection.scope_cards(Scope()))
    day_one = clock.now().date()
    collection.rate(first, Rating(2))  # a recall (a failed one)
    collection.rate(first, Rating(4))  # the same day again: a repeat, not a recall
    collection.rate(second, Rating(5), mode="learn")  # practice in another mode
    collection.rate(third, Rating(3), mode="custom", scheduled=False)  # custom, unscheduled
    clock.advance(days=3)
    collection.rate(first, Rating(5))
    collection.rate(second, Rating(4))
    with collection.engine.connect() as connection:
        histories = list(recall_histories(connection))
    day_four = day_one + timedelta(days=3)
    assert histories == [(first, [(day_one, 2), (day_four, 5)]), (second, [(day_four, 4)])]
