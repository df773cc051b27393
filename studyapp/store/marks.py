"""The user's marks on cards: suspended, buried until a day, starred, and a colour flag.

Each setter takes a list of card ids and changes them in the caller's transaction, returning
the ids whose mark it changed (a card already so marked is left alone, and not returned), so
that an undo can take back exactly what was done. Ids that are not cards are refused
(:class:`~studyapp.store.reviews.UnknownCardError`) before anything is written.

Which marks keep a card out of study is :mod:`studyapp.store.studiable`'s rule; the leech mark
is set by a rating (:mod:`studyapp.store.leeches`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, or_, select, update

from studyapp.store.reviews import UnknownCardError
from studyapp.store.schema import card_states
from studyapp.store.version import flag_colour

#: Card ids per statement: well below any database's limit on bound parameters.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class CardMarks:
    """One card's marks."""

    suspended: bool
    buried_until: date | None  # the local day it is studied again; None: not buried
    starred: bool
    flag: int  # 0: none, else 1–7 (`FLAG_COLOURS`)
    leech: bool

    def buried_on(self, day: date) -> bool:
        """Whether the card is buried on ``day`` (kept out of study until a later day)."""
        return self.buried_until is not None and self.buried_until > day

    @property
    def flag_colour(self) -> str | None:
        """The flag's colour name, or None when the card has no flag."""
        return flag_colour(self.flag)


def card_marks(connection: Connection, card_id: int) -> CardMarks:
    """A card's marks; UnknownCardError if there is no such card."""
    row = connection.execute(
        select(
            card_states.c.suspended,
            card_states.c.buried_until,
            card_states.c.starred,
            card_states.c.flag,
            card_states.c.leech,
        ).where(card_states.c.card_id == card_id)
    ).one_or_none()
    if row is None:
        raise UnknownCardError(f"no card with id {card_id}")
    return CardMarks(
        bool(row.suspended), row.buried_until, bool(row.starred), row.flag, bool(row.leech)
    )


def set_suspended(connection: Connection, card_ids: Iterable[int], on: bool = True) -> list[int]:
    """Suspend the cards (``on``) or unsuspend them; the ids changed."""
    return _mark(connection, card_ids, card_states.c.suspended.is_(not on), {"suspended": on})


def bury(connection: Connection, card_ids: Iterable[int], until: date) -> list[int]:
    """Keep the cards out of study before the local day ``until``; the ids changed (a card
    buried until that day or later already is left as it is)."""
    column = card_states.c.buried_until
    return _mark(
        connection, card_ids, or_(column.is_(None), column < until), {"buried_until": until}
    )


def unbury(connection: Connection, card_ids: Iterable[int]) -> list[int]:
    """Take the cards' burial away (studied again at once); the ids changed."""
    column = card_states.c.buried_until
    return _mark(connection, card_ids, column.is_not(None), {"buried_until": None})


def set_starred(connection: Connection, card_ids: Iterable[int], on: bool = True) -> list[int]:
    """Star the cards (``on``) or unstar them; the ids changed."""
    return _mark(connection, card_ids, card_states.c.starred.is_(not on), {"starred": on})


def set_flag(connection: Connection, card_ids: Iterable[int], flag: int) -> list[int]:
    """Give the cards flag 1–7, or take their flag away (0); the ids changed. ValueError for
    another number."""
    flag_colour(flag)
    return _mark(connection, card_ids, card_states.c.flag != flag, {"flag": flag})


def _mark(
    connection: Connection,
    card_ids: Iterable[int],
    differs: ColumnElement[bool],
    values: dict[str, Any],
) -> list[int]:
    """Set ``values`` on those of the cards where ``differs`` holds; their ids, in the order
    given. UnknownCardError (nothing changed) if an id is not a card's."""
    wanted = list(dict.fromkeys(card_ids))
    found: set[int] = set()
    changing: set[int] = set()
    for chunk in _chunks(wanted):
        rows = connection.execute(
            select(card_states.c.card_id, differs).where(card_states.c.card_id.in_(chunk))
        )
        for card_id, differing in rows:
            found.add(card_id)
            if differing:
                changing.add(card_id)
    missing = [card_id for card_id in wanted if card_id not in found]
    if missing:
        shown = ", ".join(str(card_id) for card_id in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise UnknownCardError(f"no card with id {shown}{more}")
    changed = [card_id for card_id in wanted if card_id in changing]
    for chunk in _chunks(changed):
        connection.execute(
            update(card_states).where(card_states.c.card_id.in_(chunk)).values(**values)
        )
    return changed


def _chunks(card_ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(card_ids), _CHUNK):
        yield list(card_ids[start : start + _CHUNK])
