"""Which active cards may be studied today: the user's marks that keep a card out of study.

A suspended card is never due and never asked, in any mode, until it is unsuspended; a buried
one comes back on its ``buried_until`` day. Starred and flagged cards are studied as usual.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_

from studyapp.store.schema import card_states


def studiable(today: date) -> ColumnElement[bool]:
    """A card (its ``card_states`` row) is neither suspended nor buried on ``today``
    (``studyapp.store.deck_list.STUDIABLE_SQL`` is the same test in plain SQL)."""
    return and_(
        card_states.c.suspended.is_(False),
        or_(card_states.c.buried_until.is_(None), card_states.c.buried_until <= today),
    )
