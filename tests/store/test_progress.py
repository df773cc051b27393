"""A deck's learning progress as the Anki export reads it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from studyapp.collection import Collection
from studyapp.scope import Scope
from tests.conftest import START, WriteDeck


def test_only_spaced_ratings_and_scheduled_cards_count(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(
        write_deck("d.md", "## a\nA\n\nid:: a\n\n## b\nB\n\nid:: b\n\n## c\nC\n\nid:: c\n")
    )
    ids = {card.question: card.id for card in collection.scope_cards(Scope())}
    collection.rate(ids["a"], 2, response_ms=900)
    collection.rate(ids["a"], 4, scheduled=False)
    collection.rate(ids["b"], 5, mode="learn")
    progress = collection.deck_progress("d")
    assert set(progress) == {"a"}
    a = progress["a"]
    assert (a.interval, a.easiness, a.due, a.lapses) == (
        1,
        Decimal("2.18"),
        START.date() + timedelta(days=1),
        1,
    )
    assert [(e.rating, e.scheduled, e.first, e.response_ms) for e in a.reviews] == [
        (2, True, True, 900),
        (4, False, False, None),
    ]


def test_retired_cards_are_left_out(collection: Collection, write_deck: WriteDeck) -> None:
    path = write_deck("d.md", "## a\nA\n\nid:: a\n\n## b\nB\n\nid:: b\n")
    collection.import_file(path)
    ids = {card.question: card.id for card in collection.scope_cards(Scope())}
    collection.rate(ids["a"], 4)
    collection.rate(ids["b"], 4)
    collection.import_file(write_deck("d.md", "## b\nB\n\nid:: b\n"))
    assert set(collection.deck_progress("d")) == {"b"}
