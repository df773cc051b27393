"""Schema 5 to 6: a note on each card, saying where and why it departs from its source.

``cards.note`` is added last, as a new store defines it, so ``ALTER TABLE ... ADD COLUMN``
gives exactly a new store's table on SQLite (SQLite writes the added column after the last
one) and on PostgreSQL. No card has a note yet: the next import of a deck that writes notes
fills them in. Frozen: no later change to the schema changes this step.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text

from studyapp.clock import Zone

NOTE: Final = "ALTER TABLE cards ADD COLUMN note TEXT"


def upgrade(connection: Connection, _zone: Zone) -> None:
    """Add the cards' notes (none yet)."""
    connection.execute(text(NOTE))
