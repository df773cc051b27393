"""Each card's answers and right answers (``card_states.answers``, ``answers_right``), kept by
triggers on ``answers``.

An answer is right when graded right or marked right ("I was right"). Calibration compares
these counts with the card's self-ratings (``card_states.reviews`` and ``rating_sum``), so it
reads one row per card instead of every answer. As for the daily sums
(:mod:`studyapp.store.review_days`), the database runs the triggers within the writing
statement (:mod:`studyapp.store.triggers`).
"""

from __future__ import annotations

from typing import Final


def _change(row: str, sign: str) -> str:
    """Add (``+``) or take back (``-``) one answer on its card."""
    right = f"CASE WHEN {row}.correct OR {row}.overridden THEN 1 ELSE 0 END"
    return (
        f"UPDATE card_states SET answers = answers {sign} 1, "
        f"answers_right = answers_right {sign} {right} WHERE card_id = {row}.card_id;"
    )


#: The triggers, by name: when each fires, and the statements it runs.
TRIGGERS: Final = {
    "answers_counted_on_insert": ("AFTER INSERT ON answers", _change("NEW", "+")),
    "answers_counted_on_delete": ("AFTER DELETE ON answers", _change("OLD", "-")),
    "answers_counted_on_update": (
        "AFTER UPDATE OF card_id, correct, overridden ON answers",
        f"{_change('OLD', '-')} {_change('NEW', '+')}",
    ),
}
