"""Where a card is in its deck file: the line its ``##`` heading (Markdown) or its list item
(YAML) starts on, found by reading the file as an import would."""

from __future__ import annotations

from pathlib import Path

from studyapp.decks.errors import DeckError
from studyapp.decks.files import deck_format_of, parse_located_deck


def card_line_in_file(path: Path, card_key: str) -> int | None:
    """The line the card with this id starts on in the deck file ``path``; None when the file
    is missing, not a deck file, has errors, or has no such card (any more)."""
    from studyapp.decks.reading import read_text

    fmt = deck_format_of(path)
    if fmt is None:
        return None
    try:
        located = parse_located_deck(read_text(path), str(path), fmt)
    except (OSError, DeckError):
        return None
    for card, line in zip(located.deck.cards, located.card_lines, strict=True):
        if card.id == card_key:
            return line
    return None
