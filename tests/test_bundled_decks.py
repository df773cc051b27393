"""The bundled decks in cards/: all import cleanly and every card is complete."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.decks.files import find_deck_files, load_deck
from studyapp.paths import bundled_cards_dir

CARDS = Path(__file__).parents[1] / "cards"
DECK_FILES = sorted(find_deck_files([CARDS]))


def test_the_bundled_folder_is_the_repositorys_cards_folder() -> None:
    assert bundled_cards_dir().resolve() in (CARDS.resolve(), CARDS.resolve().parent)
    assert len(DECK_FILES) >= 5


@pytest.mark.parametrize("path", DECK_FILES, ids=lambda p: p.stem)
def test_each_bundled_card_is_complete(path: Path) -> None:
    deck = load_deck(path)
    assert deck.id == path.stem
    assert deck.cards
    for card in deck.cards:
        assert card.answer.strip() or card.type == "cloze", card.question
        assert card.short, card.question
        assert card.tags, card.question
        assert card.source, card.question
        assert card.source.startswith("seeds/"), card.question
    shorts = Counter(card.short.casefold() for card in deck.cards if card.short)
    assert [s for s, n in shorts.items() if n > 1] == []


def test_no_two_bundled_cards_share_an_id() -> None:
    ids = Counter(card.id for path in DECK_FILES for card in load_deck(path).cards)
    assert [card_id for card_id, n in ids.items() if n > 1] == []


def test_a_new_store_starts_with_every_bundled_deck(db_url: str, clock: FixedClock) -> None:
    collection = Collection.open(db_url, clock)
    assert collection.bundled_errors == []
    expected = {load_deck(path).id: len(load_deck(path).cards) for path in DECK_FILES}
    assert {s.key: s.cards for s in collection.deck_summaries()} == expected
    assert len(collection.due_queue().new) == 20
    collection.close()
