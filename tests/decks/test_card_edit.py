"""A card's fields changed by hand, checked as a deck file's card is."""

from __future__ import annotations

import pytest

from studyapp.decks.card_edit import CardEditError, edited_card
from studyapp.decks.models import CardSpec

CARD = CardSpec(
    id="momentum",
    question="What does momentum add to SGD?",
    answer="A running average of past gradients.",
    short="a running average",
    tags=["optimizers"],
)


def test_the_changes_are_applied_and_the_rest_kept() -> None:
    edited = edited_card(CARD, {"answer": "A decaying sum of past gradients.", "tags": []})
    assert edited.answer == "A decaying sum of past gradients."
    assert edited.tags == []
    assert (edited.id, edited.question, edited.short) == (CARD.id, CARD.question, CARD.short)


def test_every_problem_is_listed() -> None:
    with pytest.raises(CardEditError) as raised:
        edited_card(CARD, {"short": "", "tags": ["two words"]})
    assert raised.value.messages == (
        "short: is empty; leave the field out instead",
        'tags.0: tag "two words" has a space or comma in it; use dashes: "two-words"',
    )


def test_only_the_content_fields_are_edited() -> None:
    with pytest.raises(CardEditError, match='"id" is not a field the app edits'):
        edited_card(CARD, {"id": "other"})
