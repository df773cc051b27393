"""The review log summed per deck and local day (``review_days``), kept in step by triggers.

Every insert, delete or change of a ``reviews`` row adds or takes back its share of its deck's
day: one review, a recall when it was a scheduled spaced rating (passed when rated 3 or more),
its response time, and ``rating - rating_before`` (how the deck's total of latest ratings moved).
The database runs the triggers inside the writing statement (:mod:`studyapp.store.triggers`),
so no writer (the app, a bulk import, a benchmark) can leave the summary behind. The one
writer that sets the insert trigger aside, the bulk write of a package's log on SQLite,
adds the same shares by whole days in the same transaction (:mod:`studyapp.store.bulk_sums`).
"""

from __future__ import annotations

from typing import Final

#: The lowest rating that counts as remembered (an SM-2 pass).
PASS_RATING: Final = 3

#: The counted columns of ``review_days`` (and ``tag_days``) and what one review (``R``: NEW or
#: OLD) adds to each.
SHARES: Final = {
    "reviews": "1",
    "recalls": "CASE WHEN R.mode = 'spaced' AND R.scheduled THEN 1 ELSE 0 END",
    "recalled": (
        f"CASE WHEN R.mode = 'spaced' AND R.scheduled AND R.rating >= {PASS_RATING} "
        "THEN 1 ELSE 0 END"
    ),
    "response_ms": "coalesce(R.response_ms, 0)",
    "rating_change": "R.rating - coalesce(R.rating_before, 0)",
}


def _add(row: str) -> str:
    """Add one review's shares to its deck's day (creating the day's row when needed)."""
    columns = ", ".join(SHARES)
    shares = ", ".join(share.replace("R.", f"{row}.") for share in SHARES.values())
    sums = ", ".join(f"{column} = review_days.{column} + excluded.{column}" for column in SHARES)
    return (
        f"INSERT INTO review_days (deck_id, day, {columns}) "
        f"SELECT cards.deck_id, {row}.day, {shares} FROM cards WHERE cards.id = {row}.card_id "
        f"ON CONFLICT (day, deck_id) DO UPDATE SET {sums};"
    )


def _take_back(row: str) -> str:
    """Subtract one review's shares from its deck's day."""
    sums = ", ".join(
        f"{column} = {column} - ({share.replace('R.', f'{row}.')})"
        for column, share in SHARES.items()
    )
    return (
        f"UPDATE review_days SET {sums} "
        f"WHERE deck_id = (SELECT deck_id FROM cards WHERE id = {row}.card_id) "
        f"AND day = {row}.day;"
    )


def sums_of_reviews_after(first_id: str) -> str:
    """Add the shares of every review whose id is above ``first_id`` (an SQL expression) to
    their decks' days, in one statement: what the insert trigger does row by row, for a bulk
    writer that set it aside (:mod:`studyapp.store.bulk_sums`)."""
    columns = ", ".join(SHARES)
    shares = ", ".join(f"sum({share})" for share in SHARES.values())
    sums = ", ".join(f"{column} = review_days.{column} + excluded.{column}" for column in SHARES)
    return (
        f"INSERT INTO review_days (deck_id, day, {columns}) "
        f"SELECT cards.deck_id, R.day, {shares} FROM reviews AS R "
        f"JOIN cards ON cards.id = R.card_id WHERE R.id > {first_id} "
        f"GROUP BY cards.deck_id, R.day "
        f"ON CONFLICT (day, deck_id) DO UPDATE SET {sums}"
    )


#: The columns of ``reviews`` a change of which changes a review's shares.
WATCHED: Final = "card_id, day, mode, scheduled, rating, rating_before, response_ms"

#: The triggers, by name: when each fires, and the statements it runs.
TRIGGERS: Final = {
    "reviews_summed_on_insert": ("AFTER INSERT ON reviews", _add("NEW")),
    "reviews_summed_on_delete": ("AFTER DELETE ON reviews", _take_back("OLD")),
    "reviews_summed_on_update": (
        f"AFTER UPDATE OF {WATCHED} ON reviews",
        f"{_take_back('OLD')} {_add('NEW')}",
    ),
}
