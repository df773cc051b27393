"""The plain values an Anki package is read into: note types, decks, notes, cards, reviews."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "FLAG_BITS",
    "MARKED_TAG",
    "SUSPENDED_QUEUE",
    "AnkiPackage",
    "Card",
    "Deck",
    "Note",
    "NoteType",
    "Review",
    "ReviewLog",
    "Template",
]

#: Anki's queue of a suspended card (``cards.queue``).
SUSPENDED_QUEUE = -1
#: The bits of ``cards.flags`` that hold the flag colour (Anki keeps other bits above them).
FLAG_BITS = 7
#: Anki's tag of a marked note ("Mark Note"): the card is starred here.
MARKED_TAG = "marked"


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
    flag: int = 0  # Anki's flag colour, 1–7 (``cards.flags & 7``); 0 for none
    #: the FSRS memory Anki keeps for it (stability in days, difficulty 1–10), if any
    memory: tuple[float, float] | None = None


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


@dataclass(frozen=True, slots=True, eq=False)
class ReviewLog:
    """Anki's review log in time order, a column a field: a few bytes a review, not an object.

    A heavy user's log holds a million reviews or more, so it is kept as NumPy arrays of equal
    length (the fields of :class:`Review`: card ids, times in milliseconds, answer buttons,
    answer times); iterating it gives :class:`Review` values one at a time.
    """

    card_ids: NDArray[np.int64]
    times_ms: NDArray[np.int64]
    #: the answer button; a value outside a byte's range (damage) is 0, not an answer
    buttons: NDArray[np.int8]
    durations_ms: NDArray[np.int32]

    @classmethod
    def empty(cls) -> ReviewLog:
        """A log with no reviews."""
        return cls(
            np.zeros(0, np.int64),
            np.zeros(0, np.int64),
            np.zeros(0, np.int8),
            np.zeros(0, np.int32),
        )

    def __len__(self) -> int:
        return len(self.card_ids)

    def __iter__(self) -> Iterator[Review]:
        columns = (self.card_ids, self.times_ms, self.buttons, self.durations_ms)
        for card_id, at, button, duration in zip(*(c.tolist() for c in columns), strict=True):
            yield Review(card_id, datetime.fromtimestamp(at / 1000, UTC), button, duration)


@dataclass(frozen=True, slots=True)
class AnkiPackage:
    """What a package holds that this app can use, and the names of the media it cannot."""

    path: str
    collection: str  # which collection file was read
    note_types: dict[int, NoteType]
    decks: dict[int, Deck]
    notes: list[Note]
    cards: list[Card]
    reviews: ReviewLog
    media: tuple[str, ...]
