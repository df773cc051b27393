"""Adding a card at the end of a deck file: the old bytes stay a prefix of the new ones."""

from __future__ import annotations

import pytest

from studyapp.decks.append import appended_deck, new_card_id
from studyapp.decks.errors import DeckError
from studyapp.decks.models import CardSpec

MARKDOWN = (
    b"---\nid: opt\ntitle: Optimizers\n---\n\n## What is Adam?\n\nAn optimizer.\n\ntags:: adam\n"
)
YAML = b"""id: opt
title: Optimizers
cards:
    -   question: What is Adam?
        answer: An optimizer.
# the end
"""
NEW = CardSpec(
    id="what-is-sgd-1a2b3c",
    question="What is SGD?",
    answer="Stochastic gradient descent.\n\nIt steps along a noisy gradient.",
    short="stochastic gradient descent",
    tags=["sgd", "basics"],
)


def test_a_markdown_card_is_appended_with_its_fields_and_id() -> None:
    result, deck = appended_deck(MARKDOWN, "opt.md", "md", NEW)
    assert result.startswith(MARKDOWN)
    assert result[len(MARKDOWN) :] == (
        b"\n## What is SGD?\n\nStochastic gradient descent.\n\nIt steps along a noisy gradient."
        b"\n\nid:: what-is-sgd-1a2b3c\nshort:: stochastic gradient descent\ntags:: sgd, basics\n"
    )
    assert [card.question for card in deck.cards] == ["What is Adam?", "What is SGD?"]
    assert deck.cards[-1] == NEW


def test_a_file_without_a_final_line_break_gets_one_before_the_card() -> None:
    result, deck = appended_deck(MARKDOWN.rstrip(b"\n"), "opt.md", "md", NEW)
    assert result.startswith(MARKDOWN.rstrip(b"\n") + b"\n\n## What is SGD?\n")
    assert len(deck.cards) == 2


def test_a_file_with_crlf_line_breaks_keeps_them_in_the_card() -> None:
    crlf = MARKDOWN.replace(b"\n", b"\r\n")
    result, deck = appended_deck(crlf, "opt.md", "md", NEW)
    assert result.startswith(crlf)
    added = result[len(crlf) :]
    assert b"\r\n" in added
    assert b"\n" not in added.replace(b"\r\n", b"")
    assert deck.cards[-1] == NEW


def test_a_yaml_card_is_an_item_indented_as_the_files_items() -> None:
    result, deck = appended_deck(YAML, "opt.yaml", "yaml", NEW)
    assert result.startswith(YAML)
    added = result[len(YAML) :].decode()
    assert added.startswith("    - id: what-is-sgd-1a2b3c\n      question: What is SGD?\n")
    assert [card.question for card in deck.cards] == ["What is Adam?", "What is SGD?"]
    assert deck.cards[-1] == NEW


def test_a_yaml_deck_whose_cards_are_not_its_last_key_is_refused() -> None:
    text = b"cards:\n- question: What is Adam?\n  answer: An optimizer.\nid: opt\n"
    with pytest.raises(DeckError, match="last key"):
        appended_deck(text, "opt.yaml", "yaml", NEW)


def test_a_file_that_does_not_parse_is_refused() -> None:
    text = MARKDOWN + b"\n## Code?\n\n```python\nprint(1)\n"
    with pytest.raises(DeckError, match="never closed"):
        appended_deck(text, "opt.md", "md", NEW)


def test_a_card_markdown_cannot_hold_is_refused() -> None:
    card = NEW.model_copy(update={"answer": "First line\n## not a heading"})
    with pytest.raises(DeckError, match="export this deck as YAML"):
        appended_deck(MARKDOWN, "opt.md", "md", card)


def test_new_card_ids_are_the_questions_words_and_never_taken() -> None:
    first = new_card_id("What is SGD?", set())
    assert first.startswith("what-is-sgd-")
    assert new_card_id("What is SGD?", {first}) != first
    assert new_card_id("???", set()).startswith("card-")
