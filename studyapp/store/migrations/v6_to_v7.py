"""Schema 6 to 7: a numeric card's spec on each card (its calculator, parameters, tolerance).

``cards.numeric_spec`` is added last, as a new store defines it, so ``ALTER TABLE ... ADD
COLUMN`` gives exactly a new store's table on SQLite (SQLite writes the added column after the
last one) and on PostgreSQL. No card is numeric yet: the next import of a deck that has numeric
cards fills them in. Frozen: no later change to the schema changes this step.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text

from studyapp.clock import Zone

NUMERIC_SPEC: Final = "ALTER TABLE cards ADD COLUMN numeric_spec JSON"


def upgrade(connection: Connection, _zone: Zone) -> None:
    """Add the cards' numeric specs (none yet)."""
    connection.execute(text(NUMERIC_SPEC))
