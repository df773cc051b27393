"""Search scopes (custom study): the cards a search finds, in the card browser's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.schema import card_states
from studyapp.store.search_query import SearchError
from tests.conftest import WriteDeck

DECKS = {
    "a.md": "---\nid: a\n---\n## A1\nx\n\n## A2\nx\n\n## A3\nx\n",
    "b.md": "---\nid: b\n---\n## B1\nx\n\n## B2\nx\n",
}


@pytest.fixture
def ids(collection: Collection, write_deck: WriteDeck) -> dict[str, int]:
    """Both decks imported; card ids by question. A1 and B1 starred, A2 flagged 2 (orange),
    B2 due in three days, A3 due today."""
    for name, text in DECKS.items():
        collection.import_file(write_deck(name, text))
    cards = {card.question: card.id for card in collection.scope_cards(Scope())}
    today = collection.today()
    marks = {
        "A1": {"starred": True},
        "B1": {"starred": True},
        "A2": {"flag": 2},
        "B2": {"due": today + timedelta(days=3), "interval": 3},
        "A3": {"due": today, "interval": 1},
    }
    with collection.writer.begin() as db:
        for question, values in marks.items():
            db.execute(
                update(card_states).where(card_states.c.card_id == cards[question]).values(**values)
            )
    return cards


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("is:starred", ["A1", "B1"]),
        ("deck:b is:starred", ["B1"]),
        ("flag:2", ["A2"]),
        ("flag:0", ["A1", "A3", "B1", "B2"]),
        ("prop:due<=0", ["A3"]),
        ("prop:due<=3", ["A3", "B2"]),
        ("prop:due>0", ["B2"]),
        ("deck:a", ["A1", "A2", "A3"]),
        ("deck:nope", []),
        ("a1 or b2", ["A1", "B2"]),  # any term of the browser's search
        ("-deck:a is:new", ["B1", "B2"]),
    ],
)
def test_a_search_scope_finds_its_cards(
    collection: Collection, ids: dict[str, int], query: str, found: list[str]
) -> None:
    cards = collection.scope_cards(Scope(search=query))
    assert [card.question for card in cards] == found


def test_a_search_scope_never_finds_a_suspended_card(
    collection: Collection, ids: dict[str, int]
) -> None:
    with collection.writer.begin() as db:
        db.execute(
            update(card_states).where(card_states.c.card_id == ids["A1"]).values(suspended=True)
        )
    assert [card.question for card in collection.scope_cards(Scope(search="is:starred"))] == ["B1"]


def test_a_search_it_cannot_read_is_a_search_error(
    collection: Collection, ids: dict[str, int]
) -> None:
    with pytest.raises(SearchError, match='unknown search key "colour:"'):
        collection.scope_cards(Scope(search="colour:red"))
