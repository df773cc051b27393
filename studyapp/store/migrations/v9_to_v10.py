"""Schema 9 to 10: each card keeps its SM-2 due day and its FSRS memory and due day beside the
due day of the chosen scheduler, and each review the state it undoes to under either.

The new columns are added last, as a new store defines them. Every schedule so far was SM-2's,
so a card's SM-2 due day is its due day and a review's SM-2 due day before it is its due day
before it. FSRS memories are left unknown (NULL): switching to FSRS works them out from each
card's history. Frozen: no later change to the schema changes this step.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text

from studyapp.clock import Zone

COLUMNS: Final = (
    "ALTER TABLE card_states ADD COLUMN sm2_due DATE",
    "ALTER TABLE card_states ADD COLUMN fsrs_stability FLOAT",
    "ALTER TABLE card_states ADD COLUMN fsrs_difficulty FLOAT",
    "ALTER TABLE card_states ADD COLUMN fsrs_reviewed_on DATE",
    "ALTER TABLE card_states ADD COLUMN fsrs_due DATE",
    "ALTER TABLE reviews ADD COLUMN sm2_due_before DATE",
    "ALTER TABLE reviews ADD COLUMN fsrs_stability_before FLOAT",
    "ALTER TABLE reviews ADD COLUMN fsrs_difficulty_before FLOAT",
    "ALTER TABLE reviews ADD COLUMN fsrs_reviewed_on_before DATE",
    "ALTER TABLE reviews ADD COLUMN fsrs_due_before DATE",
    "ALTER TABLE reviews ADD COLUMN fsrs_stability_after FLOAT",
    "ALTER TABLE reviews ADD COLUMN fsrs_difficulty_after FLOAT",
)

SM2_DUES: Final = (
    "UPDATE card_states SET sm2_due = due WHERE due IS NOT NULL",
    "UPDATE reviews SET sm2_due_before = due_before WHERE due_before IS NOT NULL",
)


def upgrade(connection: Connection, _zone: Zone) -> None:
    """Add the new columns and fill the SM-2 due days (FSRS memories stay unknown)."""
    for statement in (*COLUMNS, *SM2_DUES):
        connection.execute(text(statement))
