"""A card's detail: content, source and line, schedule and marks, and its whole history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.card_history import card_answers, card_reviews
from studyapp.store.results import AnswerRecord
from studyapp.store.reviews import UnknownCardError
from studyapp.store.schema import card_states, cards
from tests.conftest import WriteDeck

DECK = """---
id: basics
title: Basics
---

## What is a learning rate?
The step size of each update.

short:: The step size
tags:: lr

## What is an epoch?
One pass over the training data.
"""


def _card_id(collection: Collection, question: str) -> int:
    with collection.engine.connect() as connection:
        found = connection.scalar(select(cards.c.id).where(cards.c.question == question))
    assert isinstance(found, int)
    return found


def test_a_card_in_a_file_shows_its_fields_its_source_and_its_line(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("basics.md", DECK)
    collection.import_file(path)
    epoch = _card_id(collection, "What is an epoch?")

    detail = collection.card_detail(epoch)

    assert detail.card.answer == "One pass over the training data."
    assert (detail.origin.deck, detail.origin.deck_title) == ("basics", "Basics")
    assert (detail.origin.kind, detail.origin.path) == ("file", str(path.resolve()))
    assert detail.in_file
    assert detail.line == 12  # its ## heading
    first = collection.card_detail(_card_id(collection, "What is a learning rate?"))
    assert (first.line, first.card.short, first.card.tags) == (6, "The step size", ("lr",))
    assert detail.reviews == ()
    assert detail.answers == ()
    assert detail.state.due is None
    assert detail.state.reviews == 0
    assert detail.edited_at is None
    assert detail.retired_at is None


def test_the_history_holds_every_rating_with_the_schedule_before_and_after_and_every_answer(
    collection: Collection, clock: FixedClock, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("basics.md", DECK))
    card = _card_id(collection, "What is an epoch?")
    collection.rate(card, Rating(5), response_ms=1200)
    clock.advance(minutes=5)
    collection.rate(card, Rating(3), mode="learn", scheduled=False)
    collection.record_answer(
        AnswerRecord(card, "learn", "written", False, clock.now(), given="a pass", response_ms=900)
    )
    clock.advance(days=1)
    collection.rate(card, Rating(2), response_ms=3000)

    detail = collection.card_detail(card)

    rows = [
        (r.mode, r.rating, r.scheduled, r.interval_before, r.interval_after, r.due_after)
        for r in detail.reviews
    ]
    assert rows == [
        ("spaced", 5, True, 0, 1, date(2026, 3, 11)),
        ("learn", 3, False, 1, 1, date(2026, 3, 11)),
        ("spaced", 2, True, 1, 1, date(2026, 3, 12)),
    ]
    first, _, lapse = detail.reviews
    assert (first.easiness_before, first.easiness_after) == (Decimal("2.5"), Decimal("2.6"))
    assert lapse.easiness_after < lapse.easiness_before
    assert (first.response_ms, first.day) == (1200, date(2026, 3, 10))
    assert [(a.mode, a.kind, a.correct, a.given) for a in detail.answers] == [
        ("learn", "written", False, "a pass")
    ]
    assert (detail.state.reviews, detail.state.lapses, detail.state.last_rating) == (3, 1, 2)
    assert detail.state.due == date(2026, 3, 12)
    assert detail.state.answers == 1


def test_the_marks_are_in_the_state(collection: Collection, write_deck: WriteDeck) -> None:
    collection.import_file(write_deck("basics.md", DECK))
    card = _card_id(collection, "What is an epoch?")
    with collection.writer.begin() as connection:
        connection.execute(
            update(card_states)
            .where(card_states.c.card_id == card)
            .values(suspended=True, starred=True, flag=3, leech=True)
        )
    state = collection.card_detail(card).state
    assert (state.suspended, state.starred, state.flag, state.leech) == (True, True, 3, True)


def test_a_card_of_a_deck_without_a_file_has_no_line(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("export.csv", "What is an epoch?,One pass\n"))
    (card,) = collection.scope_cards(Scope())
    detail = collection.card_detail(card.id)
    assert detail.origin.kind == "export"
    assert not detail.in_file
    assert detail.line is None


def test_a_broken_or_missing_file_leaves_the_line_unknown(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("basics.md", DECK)
    collection.import_file(path)
    card = _card_id(collection, "What is an epoch?")
    path.write_text(DECK + "\nfield:: before any card?\n## \n", encoding="utf-8")
    assert collection.card_detail(card).line is None
    path.unlink()
    assert collection.card_detail(card).line is None


def test_an_unknown_card_is_an_error(collection: Collection) -> None:
    with pytest.raises(UnknownCardError):
        collection.card_detail(404)


def test_a_card_without_history_reads_empty(collection: Collection) -> None:
    with collection.engine.connect() as connection:
        assert card_reviews(connection, 404) == ()
        assert card_answers(connection, 404) == ()
