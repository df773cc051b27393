"""Learning progress written into an exported Anki collection: schedules, the review log and
the cards' marks (suspended, flag, starred as Anki's "marked" tag).

A card studied here in spaced mode goes to Anki as a review card with its state under the
collection's scheduler (interval, ease, due day, lapses; on FSRS, its FSRS interval and due day,
and its memory, stability and difficulty, in the card's ``data`` as Anki keeps FSRS's), and each
of its spaced ratings as an entry of Anki's review log, so that a user moving to Anki keeps both
(Anki's import asks whether to take the progress).
Ratings map to Anki's buttons as 1 and 2 → Again, 3 → Hard, 4 → Good, 5 → Easy: the inverse of
the import's rule, with this app's second failing rating joining Again. Only the first Anki
card of a note (a reversible card's front-to-back side) carries it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final

from studyapp.decks.anki.records import FLAG_BITS, MARKED_TAG, SUSPENDED_QUEUE
from studyapp.scheduling.rating import ANKI_BUTTONS, Rating

__all__ = ["RATING_BUTTONS", "CardProgress", "FSRSMemory", "ReviewEntry", "write_progress"]

#: This app's 1–5 ratings as Anki's answer buttons (1 Again, 2 Hard, 3 Good, 4 Easy).
RATING_BUTTONS: Final[Mapping[Rating, int]] = ANKI_BUTTONS

_SCHEDULER_VERSION = 2
# Anki's card types and queues, and the kinds of review-log entry.
_REVIEW_CARD = 2
_REVIEW_QUEUE = 2
_LEARNING_ENTRY, _REVIEW_ENTRY, _RELEARNING_ENTRY = 0, 1, 2


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One spaced rating of a card, as the review log here holds it."""

    reviewed_at: datetime
    rating: Rating
    response_ms: int | None
    scheduled: bool  # False: a same-day repeat that left the schedule alone
    first: bool  # the card's first scheduled review (it was new)
    interval_before: int
    interval_after: int
    easiness_after: Decimal


@dataclass(frozen=True, slots=True)
class CardProgress:
    """A card's SM-2 state here and its spaced ratings in time order."""

    interval: int
    easiness: Decimal
    due: date | None  # None: never scheduled (it stays new in Anki)
    lapses: int
    reviews: Sequence[ReviewEntry]
    #: the card's marks here: suspended (every Anki card of its note), flag 1–7 (its first
    #: card's), starred (its note tagged ``marked``), as the import reads them back
    suspended: bool = False
    flag: int = 0
    starred: bool = False
    #: its FSRS memory (stability in days, difficulty 1–10) and the desired retention, when
    #: the collection schedules by FSRS
    memory: FSRSMemory | None = None


@dataclass(frozen=True, slots=True)
class FSRSMemory:
    """A card's FSRS memory as Anki keeps it in ``cards.data``."""

    stability: float
    difficulty: float
    desired_retention: float

    def card_data(self) -> str:
        """The JSON of ``cards.data`` (Anki's keys: ``s``, ``d``, ``dr``)."""
        return json.dumps({"s": self.stability, "d": self.difficulty, "dr": self.desired_retention})


def write_progress(
    connection: sqlite3.Connection,
    progress: Mapping[str, CardProgress],
    *,
    today: date,
    now: datetime,
) -> int:
    """Schedule the cards of the notes with these GUIDs and log their reviews; returns the
    number of review-log entries written. The caller commits.

    Anki counts a review card's due day from the day its collection was created, and on import
    moves it by the days between then and the import. So the collection is dated ``now`` (the
    export) and each due day is written as days after ``today``, the user's day here.
    """
    (settings,) = connection.execute("SELECT conf FROM col").fetchone()
    # the v2 scheduler's buttons: without this, Anki reads the log as the old v1 scheduler's,
    # whose learning steps had three buttons, and moves their Good and Easy up by one
    settings = json.dumps({**json.loads(settings), "schedVer": _SCHEDULER_VERSION})
    connection.execute("UPDATE col SET crt = ?, conf = ?", (int(now.timestamp()), settings))
    first_cards = dict(
        connection.execute(
            "SELECT notes.guid, cards.id FROM cards JOIN notes ON notes.id = cards.nid "
            "WHERE cards.ord = (SELECT min(ord) FROM cards AS c WHERE c.nid = cards.nid)"
        ).fetchall()
    )
    used_ids: set[int] = set()
    log: list[tuple[int, ...]] = []
    for guid, card_progress in progress.items():
        card_id = first_cards.get(guid)
        if card_id is None:
            continue
        for entry in card_progress.reviews:
            log.append(_log_entry(card_id, entry, used_ids))
        if card_progress.due is not None:
            connection.execute(
                "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, "
                "lapses = ? WHERE id = ?",
                (
                    _REVIEW_CARD,
                    _REVIEW_QUEUE,
                    (card_progress.due - today).days,
                    card_progress.interval,
                    _permille(card_progress.easiness),
                    len(card_progress.reviews),
                    card_progress.lapses,
                    card_id,
                ),
            )
        if card_progress.memory is not None:
            connection.execute(
                "UPDATE cards SET data = ? WHERE id = ?",
                (card_progress.memory.card_data(), card_id),
            )
        _write_marks(connection, card_id, card_progress)
    connection.executemany("INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)", log)
    return len(log)


def _write_marks(connection: sqlite3.Connection, card_id: int, progress: CardProgress) -> None:
    """Suspend, flag and mark the note of ``card_id`` (its first card) as the card is here."""
    if progress.suspended:
        connection.execute(
            "UPDATE cards SET queue = ? WHERE nid = (SELECT nid FROM cards WHERE id = ?)",
            (SUSPENDED_QUEUE, card_id),
        )
    if progress.flag:
        connection.execute(
            "UPDATE cards SET flags = (flags & ~?) | ? WHERE id = ?",
            (FLAG_BITS, progress.flag & FLAG_BITS, card_id),
        )
    if progress.starred:
        connection.execute(
            "UPDATE notes SET tags = ' ' || trim(tags || ' ' || ?) || ' ' "
            "WHERE id = (SELECT nid FROM cards WHERE id = ?)",
            (MARKED_TAG, card_id),
        )


def _log_entry(card_id: int, entry: ReviewEntry, used_ids: set[int]) -> tuple[int, ...]:
    """A review-log row: its id is the time in milliseconds, made unique by a millisecond."""
    entry_id = int(entry.reviewed_at.timestamp() * 1000)
    while entry_id in used_ids:
        entry_id += 1
    used_ids.add(entry_id)
    if not entry.scheduled:
        kind = _RELEARNING_ENTRY
    else:
        kind = _LEARNING_ENTRY if entry.first else _REVIEW_ENTRY
    return (
        entry_id,
        card_id,
        RATING_BUTTONS[entry.rating],
        entry.interval_after,
        entry.interval_before,
        _permille(entry.easiness_after),
        entry.response_ms or 0,
        kind,
    )


def _permille(easiness: Decimal) -> int:
    """An SM-2 easiness factor as Anki's ease, in thousandths (2.5 → 2500)."""
    return int(easiness * 1000)
