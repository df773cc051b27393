"""The review log summed per deck and local day (``review_days``), kept in step by triggers.

Every insert, delete or change of a ``reviews`` row adds or takes back its share of its deck's
day: one review, a recall when it was a scheduled spaced rating (passed when rated 3 or more),
its response time, and ``rating - rating_before`` (how the deck's total of latest ratings moved).
SQLite runs the triggers inside the writing statement, so no writer (the app, a bulk import, a
benchmark) can leave the summary behind. Other databases get no triggers, and the figures read
the log itself there (:mod:`studyapp.store.triggers`).
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Connection, text

from studyapp.store.schema import review_days

#: The lowest rating that counts as remembered (an SM-2 pass).
PASS_RATING: Final = 3

#: The counted columns of ``review_days`` and what one review (``R``: NEW or OLD) adds to each.
_SHARES: Final = {
    "reviews": "1",
    "recalls": "(R.mode = 'spaced' AND R.scheduled)",
    "recalled": f"(R.mode = 'spaced' AND R.scheduled AND R.rating >= {PASS_RATING})",
    "response_ms": "coalesce(R.response_ms, 0)",
    "rating_change": "R.rating - coalesce(R.rating_before, 0)",
}


def _add(row: str) -> str:
    """Add one review's shares to its deck's day (creating the day's row when needed)."""
    columns = ", ".join(_SHARES)
    shares = ", ".join(share.replace("R.", f"{row}.") for share in _SHARES.values())
    sums = ", ".join(f"{column} = {column} + excluded.{column}" for column in _SHARES)
    return (
        f"INSERT INTO review_days (deck_id, day, {columns}) "
        f"SELECT cards.deck_id, {row}.day, {shares} FROM cards WHERE cards.id = {row}.card_id "
        f"ON CONFLICT (day, deck_id) DO UPDATE SET {sums};"
    )


def _take_back(row: str) -> str:
    """Subtract one review's shares from its deck's day."""
    sums = ", ".join(
        f"{column} = {column} - ({share.replace('R.', f'{row}.')})"
        for column, share in _SHARES.items()
    )
    return (
        f"UPDATE review_days SET {sums} "
        f"WHERE deck_id = (SELECT deck_id FROM cards WHERE id = {row}.card_id) "
        f"AND day = {row}.day;"
    )


_WATCHED: Final = "card_id, day, mode, scheduled, rating, rating_before, response_ms"

#: The triggers, by name.
TRIGGERS: Final = {
    "reviews_summed_on_insert": f"AFTER INSERT ON reviews BEGIN {_add('NEW')} END",
    "reviews_summed_on_delete": f"AFTER DELETE ON reviews BEGIN {_take_back('OLD')} END",
    "reviews_summed_on_update": (
        f"AFTER UPDATE OF {_WATCHED} ON reviews BEGIN {_take_back('OLD')} {_add('NEW')} END"
    ),
}


def rebuild_review_days(connection: Connection) -> None:
    """Sum the whole review log into ``review_days`` afresh (after an upgrade)."""
    columns = ", ".join(_SHARES)
    sums = ", ".join(f"sum({share.replace('R.', 'reviews.')})" for share in _SHARES.values())
    connection.execute(review_days.delete())
    connection.execute(
        text(
            f"INSERT INTO review_days (deck_id, day, {columns}) "
            f"SELECT cards.deck_id, reviews.day, {sums} "
            "FROM reviews JOIN cards ON cards.id = reviews.card_id "
            "GROUP BY cards.deck_id, reviews.day"
        )
    )
