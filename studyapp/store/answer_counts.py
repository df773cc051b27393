"""Each card's answers and right answers (``card_states.answers``, ``answers_right``), kept by
triggers on ``answers``.

An answer is right when graded right or marked right ("I was right"). Calibration compares
these counts with the card's self-ratings (``card_states.reviews`` and ``rating_sum``), so it
reads one row per card instead of every answer. As for the daily sums
(:mod:`studyapp.store.review_days`), SQLite runs the triggers within the writing statement;
other databases have none, and calibration reads the answers themselves there.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text


def _change(row: str, sign: str) -> str:
    """Add (``+``) or take back (``-``) one answer on its card."""
    right = f"({row}.correct OR {row}.overridden)"
    return (
        f"UPDATE card_states SET answers = answers {sign} 1, "
        f"answers_right = answers_right {sign} {right} WHERE card_id = {row}.card_id;"
    )


#: The triggers, by name.
TRIGGERS: Final = {
    "answers_counted_on_insert": f"AFTER INSERT ON answers BEGIN {_change('NEW', '+')} END",
    "answers_counted_on_delete": f"AFTER DELETE ON answers BEGIN {_change('OLD', '-')} END",
    "answers_counted_on_update": (
        "AFTER UPDATE OF card_id, correct, overridden ON answers "
        f"BEGIN {_change('OLD', '-')} {_change('NEW', '+')} END"
    ),
}


def recount_answers(connection: Connection) -> None:
    """Count every card's answers afresh (after an upgrade)."""
    connection.execute(
        text(
            "UPDATE card_states SET answers = counted.answers, answers_right = counted.right "
            "FROM (SELECT card_id, count(*) AS answers, sum(correct OR overridden) AS right "
            "FROM answers GROUP BY card_id) AS counted "
            "WHERE counted.card_id = card_states.card_id"
        )
    )
