"""The plain values an Anki package is read into: note types, decks, notes, cards, reviews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["AnkiPackage", "Card", "Deck", "Note", "NoteType", "Review", "Template"]


@dataclass(frozen=True, slots=True)
class Template:
    """A card template of a note type: the front and back, as Anki template text."""

    name: str
    front: str
    back: str


@dataclass(frozen=True, slots=True)
class NoteType:
    """A note type: its fields in order, its card templates in order, and whether it is cloze."""

    id: int
    name: str
    is_cloze: bool
    fields: tuple[str, ...]
    templates: tuple[Template, ...]


@dataclass(frozen=True, slots=True)
class Deck:
    """An Anki deck; ``name`` is the full name with ``::`` between parent and child."""

    id: int
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """A note: the field values (HTML) in the note type's field order, and its tags."""

    id: int
    guid: str
    notetype_id: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Card:
    """A card Anki made from a note: which template (``template`` is its index) and deck."""

    id: int
    note_id: int
    deck_id: int
    template: int
    suspended: bool = False


@dataclass(frozen=True, slots=True)
class Review:
    """One entry of Anki's review log.

    ``button`` is the answer button, 1 Again, 2 Hard, 3 Good, 4 Easy; 0 marks an entry that is
    not an answer (a manual reschedule or reset).
    """

    card_id: int
    reviewed_at: datetime
    button: int
    duration_ms: int


@dataclass(frozen=True, slots=True)
class AnkiPackage:
    """What a package holds that this app can use, and the names of the media it cannot."""

    path: str
    collection: str  # which collection file was read
    note_types: dict[int, NoteType]
    decks: dict[int, Deck]
    notes: list[Note]
    cards: list[Card]
    reviews: list[Review]
    media: tuple[str, ...]
