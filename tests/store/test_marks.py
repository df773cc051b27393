"""The user's marks on cards: each setter changes only what differs, refuses unknown cards, and
the due queue and deck counts leave suspended and buried cards out."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.marks import CardMarks
from studyapp.store.reviews import UnknownCardError
from studyapp.store.schema import card_states
from studyapp.store.version import FLAG_COLOURS, flag_colour
from tests.conftest import WriteDeck


@pytest.fixture
def card_ids(collection: Collection, write_deck: WriteDeck) -> list[int]:
    collection.import_file(write_deck("d.md", "## Q1\nA1\n\n## Q2\nA2\n\n## Q3\nA3\n"))
    return list(collection.due_queue().new)


def test_a_card_starts_with_no_marks(collection: Collection, card_ids: list[int]) -> None:
    assert collection.card_marks(card_ids[0]) == CardMarks(False, None, False, 0, False)


def test_suspend_returns_the_cards_it_changed(collection: Collection, card_ids: list[int]) -> None:
    first, second, third = card_ids
    assert collection.suspend([first]) == [first]
    assert collection.suspend([second, first]) == [second]
    assert collection.card_marks(first).suspended
    assert collection.card_marks(second).suspended
    assert not collection.card_marks(third).suspended
    assert collection.suspend([first, third], on=False) == [first]
    assert not collection.card_marks(first).suspended
    assert collection.card_marks(second).suspended


def test_star_and_flag(collection: Collection, card_ids: list[int]) -> None:
    first, second, _ = card_ids
    assert collection.star([first, second]) == [first, second]
    assert collection.star([first]) == []
    assert collection.star([first], on=False) == [first]
    assert [collection.card_marks(c).starred for c in (first, second)] == [False, True]
    assert collection.flag([first], 3) == [first]
    assert collection.flag([first, second], 3) == [second]
    assert collection.card_marks(first).flag_colour == "green"
    assert collection.flag([first], 0) == [first]
    assert collection.card_marks(first).flag == 0


@pytest.mark.parametrize("flag", [-1, 8, 100])
def test_a_flag_outside_0_to_7_is_refused(
    collection: Collection, card_ids: list[int], flag: int
) -> None:
    with pytest.raises(ValueError, match="0 \\(none\\) or 1–7"):
        collection.flag(card_ids, flag)
    assert all(collection.card_marks(c).flag == 0 for c in card_ids)


def test_flag_colours_are_ankis() -> None:
    assert [flag_colour(n) for n in range(8)] == [None, *FLAG_COLOURS]
    assert FLAG_COLOURS[0] == "red"
    assert FLAG_COLOURS[6] == "purple"


def test_an_unknown_card_changes_nothing(collection: Collection, card_ids: list[int]) -> None:
    with pytest.raises(UnknownCardError, match="no card with id 999"):
        collection.suspend([card_ids[0], 999])
    assert not collection.card_marks(card_ids[0]).suspended
    with pytest.raises(UnknownCardError):
        collection.card_marks(999)


def test_many_cards_in_one_call(collection: Collection, write_deck: WriteDeck) -> None:
    text = "".join(f"## Q{n}\nA{n}\n\n" for n in range(1200))
    collection.import_file(write_deck("big.md", text))
    with collection.engine.connect() as connection:
        ids = list(connection.scalars(select(card_states.c.card_id)))
    assert len(collection.star(ids)) == 1200
    assert collection.star(ids) == []


def test_a_suspended_due_card_leaves_the_queue_and_the_counts(
    collection: Collection, clock: FixedClock, card_ids: list[int]
) -> None:
    first, second, _ = card_ids
    collection.rate(first, 5)
    collection.rate(second, 5)
    clock.advance(days=1)
    assert set(collection.due_queue().reviews) == {first, second}
    assert collection.deck_summaries()[0].due == 2
    collection.suspend([first])
    assert collection.due_queue().reviews == (second,)
    assert collection.deck_summaries()[0].due == 1
    collection.suspend([first], on=False)
    assert set(collection.due_queue().reviews) == {first, second}


def test_a_suspended_new_card_is_not_introduced(
    collection: Collection, card_ids: list[int]
) -> None:
    collection.suspend([card_ids[0]])
    assert collection.due_queue().new == tuple(card_ids[1:])
    assert collection.deck_summaries()[0].new == 2


def test_a_buried_card_comes_back_the_next_day(
    collection: Collection, clock: FixedClock, card_ids: list[int]
) -> None:
    first = card_ids[0]
    assert collection.bury([first]) == [first]
    assert collection.card_marks(first).buried_until == date(2026, 3, 11)
    assert collection.card_marks(first).buried_on(date(2026, 3, 10))
    assert first not in collection.due_queue().card_ids
    assert collection.deck_summaries()[0].new == 2
    assert collection.bury([first]) == []  # already buried until tomorrow
    clock.advance(days=1)
    assert first in collection.due_queue().new
    assert collection.deck_summaries()[0].new == 3


def test_unbury_brings_a_card_back_today(collection: Collection, card_ids: list[int]) -> None:
    first = card_ids[0]
    collection.bury([first])
    assert collection.unbury([first, card_ids[1]]) == [first]
    assert collection.card_marks(first).buried_until is None
    assert first in collection.due_queue().new


def test_bury_is_until_the_users_next_local_day(
    collection: Collection, card_ids: list[int]
) -> None:
    # 23:30 on the 10th where the user is (UTC+1) is 22:30 UTC: still the 10th, tomorrow the 11th
    late = FixedClock(collection.clock.now().replace(hour=23, minute=30))
    collection.clock = late
    collection.bury([card_ids[0]])
    assert collection.card_marks(card_ids[0]).buried_until == date(2026, 3, 11)


def test_learn_test_and_matching_leave_suspended_and_buried_cards_out(
    collection: Collection, clock: FixedClock, card_ids: list[int]
) -> None:
    first, second, third = card_ids
    scope = Scope.of_decks(["d"])
    collection.suspend([first])
    collection.bury([second])
    assert [card.id for card in collection.scope_cards(scope)] == [third]
    clock.advance(days=1)
    assert [card.id for card in collection.scope_cards(scope)] == [second, third]
