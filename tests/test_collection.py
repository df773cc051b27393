"""The collection facade: one import run's files may not share a deck id; a script's ratings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from studyapp.collection import Collection, ImportTarget
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.deck_source import DeckTakenError
from studyapp.store.schema import reviews
from tests.conftest import WriteDeck


def _deck(deck_id: str, *questions: str) -> str:
    cards = "".join(f"## {question}\nAnswer to {question}.\n\n" for question in questions)
    return f"---\nid: {deck_id}\ntitle: {deck_id}\n---\n\n{cards}"


def test_two_files_of_one_run_with_the_same_deck_id_import_only_the_first(
    collection: Collection, write_deck: WriteDeck
) -> None:
    first = write_deck("a/first.md", _deck("shared", "One?", "Two?"))
    second = write_deck("b/second.md", _deck("shared", "Three?"))
    batch = collection.import_paths([first, second])
    assert [(report.path, report.added) for report in batch.reports] == [(str(first), 2)]
    assert [str(error) for error in batch.errors] == [
        f'{second}: deck id "shared" is also the id of {first}, imported before it in this run; '
        "nothing of this file was imported (give one of the two decks another id)"
    ]
    questions = {card.question for card in collection.scope_cards(Scope.of_decks(None))}
    assert questions == {"One?", "Two?"}


def test_the_same_deck_id_from_another_file_in_a_later_run_is_refused_unless_it_replaces(
    collection: Collection, write_deck: WriteDeck
) -> None:
    first = write_deck("first.md", _deck("shared", "One?"))
    second = write_deck("second.md", _deck("shared", "Two?"))
    assert not collection.import_paths([first]).errors
    refused = collection.import_paths([second])
    assert (refused.reports, [type(error) for error in refused.errors]) == ([], [DeckTakenError])
    again = collection.import_paths([second], target=ImportTarget(replace=True))
    assert not again.errors
    assert (again.reports[0].added, again.reports[0].retired) == (1, 1)
    assert again.reports[0].previous_origin == str(first.resolve())


def test_a_file_named_twice_in_one_run_is_not_a_clash(
    collection: Collection, write_deck: WriteDeck
) -> None:
    deck = write_deck("deck.md", _deck("solo", "One?"))
    batch = collection.import_paths([deck, Path(str(deck))])
    assert not batch.errors
    assert [report.unchanged for report in batch.reports] == [0, 1]


@pytest.mark.parametrize("rating", [0, 6, True, -1])
def test_a_scripts_plain_int_outside_1_to_5_is_refused_and_nothing_is_written(
    collection: Collection, write_deck: WriteDeck, rating: int
) -> None:
    collection.import_paths([write_deck("deck.md", _deck("solo", "One?"))])
    card_id = collection.due_queue().new[0]
    with pytest.raises(ValueError, match=r"a rating is a whole number from 1 \(Not at all\)"):
        collection.rate(card_id, rating)  # type: ignore[arg-type]  # what a script may pass
    with collection.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(reviews)) == 0
    outcome = collection.rate(card_id, 4)  # type: ignore[arg-type]
    assert outcome.scheduled
    with collection.engine.connect() as connection:
        assert connection.scalar(select(reviews.c.rating)) == Rating.FOUR
