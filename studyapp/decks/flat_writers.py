"""Writing cards flat for other tools: JSON (a list of cards) and CSV (one row a card).

The CSV is for spreadsheets, so a cell that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-`` or ``@``, or with a tab or a carriage return, as OWASP lists them) gets
a leading ``'``, which spreadsheets take as "this is text" (:func:`spreadsheet_cell`). This app
does not read its CSV export back (``studyapp import`` reads deck files, Anki packages and other
apps' exports), so nothing undoes the guard; to move decks between stores, export md or yaml,
which import reads back unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from studyapp.decks.models import CardSpec, DeckSpec

#: What a spreadsheet may read as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Between a card's accepted answers in a CSV cell.
ACCEPTED_SEPARATOR = " | "

#: The fields of every card written, in order.
CARD_FIELDS = (
    "id", "deck", "question", "answer", "type", "short", "accepted", "tags", "demo", "note",
    "numeric",
)  # fmt: skip


def card_record(deck: DeckSpec, card: CardSpec) -> dict[str, object]:
    """A card as a flat record with the card fields."""
    return {
        "id": card.id,
        "deck": deck.id,
        "question": card.question,
        "answer": card.answer,
        "type": card.type,
        "short": card.short,
        "accepted": list(card.accepted),
        "tags": list(card.tags),
        "demo": card.demo.model_dump() if card.demo else None,
        "note": card.note,
        "numeric": numeric.data() if (numeric := card.numeric) else None,
    }


def write_json(decks: Iterable[DeckSpec]) -> str:
    """A JSON list of every card of the decks, each with the card fields."""
    records = [card_record(deck, card) for deck in decks for card in deck.cards]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def write_csv(decks: Iterable[DeckSpec]) -> str:
    """A CSV table of the cards: tags joined by spaces, accepted answers by `` | ``, demo as
    ``name key=value ...``, a numeric card's spec as ``compute name=values ... tolerance=1%``,
    and every cell guarded against formula injection
    (:func:`spreadsheet_cell`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CARD_FIELDS, lineterminator="\n")
    writer.writeheader()
    for deck in decks:
        for card in deck.cards:
            record = card_record(deck, card)
            record["tags"] = " ".join(card.tags)
            record["short"] = card.short or ""
            record["note"] = card.note or ""
            record["numeric"] = _numeric_cell(card)
            record["accepted"] = ACCEPTED_SEPARATOR.join(card.accepted)
            record["demo"] = (
                " ".join([card.demo.name, *(f"{k}={v}" for k, v in card.demo.params.items())])
                if card.demo
                else ""
            )
            writer.writerow({key: spreadsheet_cell(str(value)) for key, value in record.items()})
    return buffer.getvalue()


def _numeric_cell(card: CardSpec) -> str:
    """A numeric card's spec on one line: ``step-lr epoch=0..60 gamma=0.1,0.5 tolerance=1%``."""
    numeric = card.numeric
    if numeric is None:
        return ""
    params = (
        f"{name}={choices.text().replace(', ', ',')}" for name, choices in numeric.params.items()
    )
    return " ".join([numeric.compute, *params, f"tolerance={numeric.tolerance}"])


def spreadsheet_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``'`` if it could start a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
