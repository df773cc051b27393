"""What every importer of another app's export shares: turning found items into a deck.

An importer finds the cards in a text (question, answer, where each starts) and hands them
to :func:`make_deck`, which validates them exactly like a deck file's cards, so an export
with problems is reported the same way (``path:line: card "…": what is wrong``) and nothing
of it is imported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.decks.errors import DeckError

if TYPE_CHECKING:
    from studyapp.decks.models import DeckSpec

#: A term whose definition the export does not carry (on the site it was an image, say)
#: is still imported, with this answer and tag, so the user can find it and write one.
NEEDS_ANSWER_TAG = "needs-answer"
MISSING_ANSWER = (
    "*The export has no answer for this card (on the study site it may have been an image). "
    "Write one in the deck file: `studyapp export DECK -f md`.*"
)


@dataclass(slots=True)
class FoundCard:
    """A card found in an export, with the 1-based line where it starts."""

    question: str
    answer: str
    line: int
    tags: list[str] = field(default_factory=list)
    type: str | None = None  # None: basic, or cloze when the question has {{…}} blanks


def make_deck(path: str, title: str | None, cards: list[FoundCard], source_label: str) -> DeckSpec:
    """Validate found cards into a deck named after ``title`` (or the file), or raise DeckError.

    Each card's ``source`` names the export file and the card's position in it.
    """
    from studyapp.decks.models import slugify  # pydantic: only once there is a deck to make
    from studyapp.decks.validation import RawCard, RawDeck, build_deck

    if not cards:
        raise DeckError.single(path, None, f"no cards found in this {source_label}")
    name = Path(path).name
    deck_fields: dict[str, object] = {"source": name}
    if title:
        deck_fields["title"] = title
    raw_cards = []
    for number, card in enumerate(cards, start=1):
        answer, tags = card.answer, list(card.tags)
        if not answer.strip() and card.type != "cloze":
            answer, tags = MISSING_ANSWER, [*tags, NEEDS_ANSWER_TAG]
        fields: dict[str, object] = {
            "question": card.question,
            "answer": answer,
            "source": f"{name} #{number}",
        }
        if tags:
            fields["tags"] = tags
        if card.type:
            fields["type"] = card.type
        # no field has a line of its own: every problem of the card points at the line
        # where it starts, the line a card's problems fall back to
        raw_cards.append(RawCard(fields, card.line))
    default_id = slugify(title) if title else Path(path).stem
    return build_deck(RawDeck(path, deck_fields, raw_cards), default_id)


_TRAILING_MARKERS = re.compile(r"[\s\ufe0f\u200d]+$")


def strip_emoji(text: str) -> str:
    """Remove emoji and pictographs (study sites' ⭐️ 👶 markers), keeping all other text."""
    if text.isascii():  # no emoji in it (and the markers are spaces): most lines of an export
        return text.strip()
    kept = "".join(
        ch for ch in text if unicodedata.category(ch) != "So" and ch not in "\ufe0f\u200d"
    )
    return _TRAILING_MARKERS.sub("", kept).strip()


def export_title(first_line: str) -> str | None:
    """A deck title from an export's first line ("! Topic Flashcards" → "Topic"), if it has one."""
    line = first_line.strip().lstrip("!").strip()
    if line.lower().endswith(" flashcards"):
        return line[: -len(" flashcards")].strip() or None
    return None


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


def lines_to_markdown(lines: list[str]) -> str:
    """Answer lines copied from a study site as Markdown that keeps their line structure.

    Blocks are separated by blank lines. A block of several lines with no list marker was a
    list on the site (one point per line), so each line becomes a ``- `` item; single lines,
    and blocks already written as lists, are kept as they are.
    """
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    rendered = []
    for block in blocks:
        if not block:
            continue
        if len(block) > 1 and not any(_LIST_ITEM.match(line) for line in block):
            block = [f"- {line.strip()}" for line in block]
        rendered.append("\n".join(block))
    return "\n\n".join(rendered)
