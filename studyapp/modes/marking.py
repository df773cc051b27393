"""Starring and flagging the card a study session shows, without waiting for the database.

A session's :class:`CardMarker` reads a card's marks once, keeps them as the student sets
them (so the screen shows a change at once), and hands each change to the session's
:class:`~studyapp.modes.saving.Saver`, in order with the session's other writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from studyapp.store.version import flag_colour

if TYPE_CHECKING:
    from studyapp.collection import Collection
    from studyapp.modes.saving import Saver
    from studyapp.store.marks import CardMarks


@dataclass
class CardMarker:
    """The marks of the cards a session shows, as the student last set them."""

    collection: Collection
    saver: Saver
    _marks: dict[int, CardMarks] = field(default_factory=dict)

    def marks(self, card_id: int) -> CardMarks:
        """The card's marks (read from the store the first time)."""
        if card_id not in self._marks:
            self._marks[card_id] = self.collection.card_marks(card_id)
        return self._marks[card_id]

    def toggle_star(self, card_id: int) -> bool:
        """Star the card, or unstar it if starred; whether it is starred now."""
        starred = not self.marks(card_id).starred
        self._marks[card_id] = replace(self.marks(card_id), starred=starred)
        collection = self.collection
        self.saver.submit("star", lambda: collection.star([card_id], starred))
        return starred

    def set_flag(self, card_id: int, flag: int) -> None:
        """Give the card flag 1–7, or none (0); ValueError for another number."""
        flag_colour(flag)
        self._marks[card_id] = replace(self.marks(card_id), flag=flag)
        collection = self.collection
        self.saver.submit("flag", lambda: collection.flag([card_id], flag))
