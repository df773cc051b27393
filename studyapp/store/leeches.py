"""Leeches, as in Anki: a card the student keeps forgetting.

When a scheduled spaced rating makes a card's lapses reach the leech threshold (default 8),
the card gets the ``leech`` mark and, if the leech action is ``suspend`` (the default), is
suspended; like Anki, the action is taken again every half threshold (rounded down, at least
one) lapses after that (with 8: at 8, 12, 16 … lapses), so a card unsuspended and still
forgotten is parked again. A threshold of 0 makes no card a leech. This happens in the rating's
own transaction (:func:`studyapp.store.reviews.record_rating`).

Undoing such a rating (:func:`studyapp.store.reviews.undo_rating`) takes the leech action back:
the card is unsuspended (a spaced rating is only given to a card that is studied, that is not
suspended) and keeps the leech mark only if it had reached the threshold before that rating.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from studyapp.store.schema import card_states
from studyapp.store.settings import DEFAULT_LEECH_THRESHOLD, LEECH_ACTIONS, read_setting


@dataclass(frozen=True, slots=True)
class LeechRule:
    """When a card is a leech and what that does to it (the collection's settings)."""

    threshold: int = DEFAULT_LEECH_THRESHOLD  # 0: never
    action: str = LEECH_ACTIONS[0]

    def acts_at(self, lapses: int) -> bool:
        """Whether reaching ``lapses`` lapses takes the leech action: at the threshold, then
        every half threshold after it."""
        if self.threshold <= 0 or lapses < self.threshold:
            return False
        return (lapses - self.threshold) % max(self.threshold // 2, 1) == 0

    @property
    def suspends(self) -> bool:
        """Whether the action suspends the card (else it only marks it)."""
        return self.action == "suspend"


def leech_rule(connection: Connection) -> LeechRule:
    """The store's leech settings (``leech-threshold``, ``leech-action``)."""
    return LeechRule(
        int(read_setting(connection, "leech-threshold")),
        str(read_setting(connection, "leech-action")),
    )


def _lapses(connection: Connection, card_id: int) -> int:
    return int(
        connection.scalar(select(card_states.c.lapses).where(card_states.c.card_id == card_id)) or 0
    )


def mark_if_leech(connection: Connection, card_id: int, rule: LeechRule) -> str | None:
    """After a rating that was a lapse: take the leech action if the card's lapses now call for
    it; what was done (``"suspended"`` or ``"marked"``), or None."""
    if not rule.acts_at(_lapses(connection, card_id)):
        return None
    values = {"leech": True, "suspended": True} if rule.suspends else {"leech": True}
    connection.execute(update(card_states).where(card_states.c.card_id == card_id).values(**values))
    return "suspended" if rule.suspends else "marked"


def unmark_leech(connection: Connection, card_id: int, rule: LeechRule) -> None:
    """Before the undo of a rating that was a lapse (its lapse still counted): take back the
    leech action that rating took, if it took one."""
    lapses = _lapses(connection, card_id)
    if not rule.acts_at(lapses):
        return
    values: dict[str, bool] = {"leech": lapses > rule.threshold}
    if rule.suspends:
        values["suspended"] = False
    connection.execute(update(card_states).where(card_states.c.card_id == card_id).values(**values))
