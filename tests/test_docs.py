"""The documented deck format stays true: the examples in cards/README.md parse as described."""

from __future__ import annotations

import re
from pathlib import Path

from studyapp.decks.files import parse_deck_text
from studyapp.numeric.registry import calculator_table

README = Path(__file__).parents[1] / "cards" / "README.md"


def _example(fence: str) -> str:
    marker = fence.rstrip("abcdefghijklmnopqrstuvwxyz")
    match = re.search(rf"^{fence}\n(.*?)^{marker}$", README.read_text(), re.S | re.M)
    assert match, f"no {fence} example in cards/README.md"
    return match.group(1)


def test_the_markdown_example_parses_as_documented() -> None:
    deck = parse_deck_text(_example("````markdown"), "README.md", "md")
    assert (deck.id, deck.title, deck.tags) == ("optimizers", "Optimizers", ["optimization"])
    momentum, rmsprop, adam = deck.cards
    assert momentum.short == "An exponentially decaying average of past gradients"
    assert momentum.tags == ["optimizers", "momentum"]
    assert len(momentum.distractors) == 2
    assert momentum.demo is not None
    assert momentum.demo.params == {"lr": 0.01, "momentum": 0.9}
    assert "```python" in momentum.answer
    assert rmsprop.type == "cloze"
    assert rmsprop.cloze_prompt().startswith("In [an optimizer], each weight's step")
    assert rmsprop.note is not None
    assert rmsprop.note.startswith("The original export said the learning rate")
    assert rmsprop.note.count("\n\n") == 1  # two note:: lines: two paragraphs
    assert (adam.id, adam.type) == ("adam-definition", "reversible")


def test_the_yaml_example_parses_as_documented() -> None:
    deck = parse_deck_text(_example("```yaml"), "README.yaml", "yaml")
    assert [card.type for card in deck.cards] == ["basic", "cloze", "reversible"]
    assert deck.cards[0].demo is not None
    assert deck.cards[0].demo.params == {"lr": 0.01, "momentum": 0.9}
    markdown = parse_deck_text(_example("````markdown"), "README.md", "md")
    assert deck.cards[1].note == markdown.cards[1].note  # the same note in both formats


def test_the_numeric_example_parses_as_documented() -> None:
    deck = parse_deck_text(_example("`````markdown"), "README.md", "md")
    [card] = deck.cards
    assert (card.id, card.type, card.compute, card.tolerance) == (
        "steplr-at-epoch", "numeric", "step-lr", "1%"
    )  # fmt: skip
    assert card.params["epoch"] == "1..60"


def test_the_calculator_list_is_the_registry() -> None:
    assert calculator_table() in README.read_text()
