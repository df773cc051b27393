"""Flat exports of cards for other tools: JSON (a list of cards) and CSV (one row a card)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from studyapp.decks.models import CardSpec, DeckSpec

#: The fields of every exported card, in order.
EXPORT_FIELDS = ("id", "deck", "question", "answer", "type", "short", "tags", "demo")


def card_record(deck: DeckSpec, card: CardSpec) -> dict[str, object]:
    """A card as a flat record with the export fields."""
    return {
        "id": card.id,
        "deck": deck.id,
        "question": card.question,
        "answer": card.answer,
        "type": card.type,
        "short": card.short,
        "tags": list(card.tags),
        "demo": card.demo.model_dump() if card.demo else None,
    }


def write_json(decks: Iterable[DeckSpec]) -> str:
    """A JSON list of every card of the decks, each with the export fields."""
    records = [card_record(deck, card) for deck in decks for card in deck.cards]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def write_csv(decks: Iterable[DeckSpec]) -> str:
    """A CSV table of the cards: tags joined by spaces, demo as ``name key=value ...``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for deck in decks:
        for card in deck.cards:
            record = card_record(deck, card)
            record["tags"] = " ".join(card.tags)
            record["short"] = card.short or ""
            record["demo"] = (
                " ".join([card.demo.name, *(f"{k}={v}" for k, v in card.demo.params.items())])
                if card.demo
                else ""
            )
            writer.writerow(record)
    return buffer.getvalue()
