"""The YAML deck format: the deck's fields and a ``cards`` list with the same card fields.

```yaml
id: optimizers
title: Optimizers
cards:
  - question: What does momentum add to SGD?
    answer: A running average of past gradients ...
    short: An exponentially decaying average of past gradients
    accepted: [a moving average of the gradients]
    tags: [optimizers, momentum]
    demo: {name: momentum, params: {lr: 0.01}}
    note: |
      The original export called this a plain average of past gradients;
      it is an exponentially decaying one.
  - question: "StepLR(step_size={step_size}, gamma=0.5), lr₀ = 0.1: the lr at epoch {epoch}?"
    answer: "lr₀·γ^⌊epoch/step_size⌋ = {answer}"
    type: numeric
    compute: step-lr
    params: {lr0: [0.1], gamma: [0.5], step_size: [5, 10, 20], epoch: "0..60"}
    tolerance: 1%
```

A file that is just a list of cards is a deck too (its id comes from the file name).
"""

from __future__ import annotations

from typing import Any

import yaml

from studyapp.decks.errors import DeckError, Problem
from studyapp.decks.models import CardSpec, DeckSpec, default_card_type, derive_card_id
from studyapp.decks.safeyaml import LocatedData, load_yaml, plain_text_reads_as_number
from studyapp.decks.validation import RawCard, RawDeck, build_deck


def parse_yaml(text: str, path: str, default_id: str) -> DeckSpec:
    """Parse a YAML deck; DeckError lists every problem in the file."""
    return build_deck(read_yaml(text, path), default_id)


def read_yaml(text: str, path: str) -> RawDeck:
    """A YAML deck's fields and cards with their lines, before validation (DeckError only for
    a file that cannot be read as a deck at all; :func:`build_deck` finds the rest)."""
    located = load_yaml(text, path)
    value = located.value
    problems: list[Problem] = []
    if isinstance(value, dict):
        located.keep_text(value, (), DECK_TEXT_FIELDS)
    if isinstance(value, list):
        deck_fields: dict[str, object] = {}
        cards_value: object = value
        cards_path: tuple[str | int, ...] = ()
    elif isinstance(value, dict):
        deck_fields = {k: v for k, v in value.items() if k != "cards"}
        cards_value = value.get("cards", [])
        cards_path = ("cards",)
    elif value is None:
        raise DeckError.single(path, 1, "the file is empty: write the deck's cards under cards:")
    else:
        raise DeckError.single(
            path, 1, "a YAML deck is a mapping with a cards: list (or a list of cards)"
        )
    cards: list[RawCard] = []
    if not isinstance(cards_value, list):
        problems.append(
            Problem(path, located.line_of(cards_path), "cards: must be a list of cards")
        )
        cards_value = []
    for index, item in enumerate(cards_value):
        card_path = (*cards_path, index)
        line = located.line_of(card_path) or 1
        if not isinstance(item, dict):
            problems.append(
                Problem(path, line, "each card must be a mapping (question: …, answer: …)")
            )
            continue
        fields = dict(item)
        located.keep_text(fields, card_path, CARD_TEXT_FIELDS)
        if isinstance(fields.get("demo"), str):  # `demo: momentum` is short for {name: momentum}
            fields["demo"] = {"name": fields["demo"]}
        cards.append(RawCard(fields, line, _finder(located, card_path)))
    return RawDeck(path, deck_fields, cards, _finder(located, ()), problems)


#: Fields that are text even when written like a number or yes/no.
DECK_TEXT_FIELDS = ("id", "title", "description", "source", "tags")
CARD_TEXT_FIELDS = (
    "id", "question", "answer", "short", "accepted", "source", "tags", "distractors", "note",
    "compute",
)  # fmt: skip


def _finder(located: LocatedData, prefix: tuple[str | int, ...]) -> Any:
    return lambda loc: located.line_of((*prefix, *loc))


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line strings as literal blocks so answers stay readable."""


_UNUSUAL_BREAKS = ("\x85", "\u2028", "\u2029", "\r")


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if any(mark in data for mark in _UNUSUAL_BREAKS):
        style: str | None = '"'  # escaped, so they are not read back as line breaks
    elif "\n" in data:
        style = "|"
    elif plain_text_reads_as_number(data):
        style = "'"  # 1e-3 is text to PyYAML's writer but a number to our reader
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_BlockDumper.add_representer(str, _str_presenter)


def deck_to_data(deck: DeckSpec) -> dict[str, object]:
    """The deck as plain data in the YAML layout, leaving out fields at their defaults."""
    data: dict[str, object] = {"id": deck.id, "title": deck.title}
    if deck.description:
        data["description"] = deck.description
    if deck.tags:
        data["tags"] = list(deck.tags)
    if deck.source:
        data["source"] = deck.source
    data["cards"] = [card_to_data(card, deck.id) for card in deck.cards]
    return data


def card_to_data(card: CardSpec, deck_id: str) -> dict[str, object]:
    """One card as plain data in the YAML layout (an item of the deck's ``cards``), leaving out
    fields at their defaults and an id its deck id and question would give it anyway."""
    item: dict[str, object] = {}
    if card.id and card.id != derive_card_id(deck_id, card.question):
        item["id"] = card.id
    item["question"] = card.question
    if card.answer:
        item["answer"] = card.answer
    if card.type != default_card_type(card.question):
        item["type"] = card.type
    if card.short:
        item["short"] = card.short
    if card.accepted:
        item["accepted"] = list(card.accepted)
    if card.tags:
        item["tags"] = list(card.tags)
    if card.distractors:
        item["distractors"] = list(card.distractors)
    if card.demo:
        item["demo"] = (
            {"name": card.demo.name, "params": dict(card.demo.params)}
            if card.demo.params
            else card.demo.name
        )
    if card.source:
        item["source"] = card.source
    if card.note:
        item["note"] = card.note
    if card.compute:
        item["compute"] = card.compute
    if card.params:
        item["params"] = dict(card.params.items())
    if card.tolerance:
        item["tolerance"] = card.tolerance
    return item


def write_yaml(deck: DeckSpec) -> str:
    """The deck as YAML text that :func:`parse_yaml` reads back to the same cards."""
    return dump_yaml(deck_to_data(deck))


def dump_yaml(data: object) -> str:
    """Plain data as readable YAML: multi-line text as literal blocks, odd line breaks escaped."""
    return yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)
