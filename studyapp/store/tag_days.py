"""The review log summed per tag and local day (``tag_days``), kept in step by triggers.

A tag's cards cross decks, so its view can't add up the per-deck sums
(:mod:`studyapp.store.review_days`); these rows hold the same sums for each tag a reviewed card
carries (each of its tags once), so the view reads a few hundred rows instead of its cards'
whole log. A review is added to (or taken back from) each tag of its card as it is written,
deleted or changed; when a card's tags change, its whole log is taken back from the tags it
lost and added to the tags it gained. A card can't be deleted while it has reviews, so deleting
reviews first (as a deck's removal does) takes them back. Retired cards keep their tags and
their reviews count, as in every activity figure.

The triggers find a review's tags in the tag index on SQLite (``card_tags``, kept by its own
triggers on ``cards``: each tag once, read through an index; parsing the card's JSON list and
removing duplicates took twice the instructions per review written) and in the card's JSON list on
PostgreSQL; a retag compares the old and new JSON lists on both (SQLite's ``json_each``,
PostgreSQL's ``json_array_elements_text``, each listing a ``value`` column).
"""

from __future__ import annotations

from typing import Final

from studyapp.store.review_days import SHARES, WATCHED

#: Each database's table function listing a JSON array's elements as ``value``.
_ELEMENTS: Final = {"sqlite": "json_each", "postgresql": "json_array_elements_text"}


def _tags(dialect: str, tags: str) -> str:
    """A query of the tags in the JSON list ``tags`` (an SQL expression)."""
    return f"SELECT value FROM {_ELEMENTS[dialect]}({tags})"


def _card_tags(dialect: str, row: str) -> str:
    """A query of the distinct tags (as ``value``) of the card review ``row`` (NEW or OLD) is
    of."""
    if dialect == "sqlite":
        return (
            "SELECT tag_names.name AS value FROM card_tags JOIN tag_names "
            f"ON tag_names.id = card_tags.tag_id WHERE card_tags.card_id = {row}.card_id"
        )
    listed = f"(SELECT tags FROM cards WHERE id = {row}.card_id)"
    return f"SELECT DISTINCT value FROM {_ELEMENTS[dialect]}({listed})"


def _sums_added(source: str) -> str:
    """Add ``source``'s rows (tag, day and one figure per share) to the days' sums."""
    columns = ", ".join(SHARES)
    sums = ", ".join(f"{column} = tag_days.{column} + excluded.{column}" for column in SHARES)
    return (
        f"INSERT INTO tag_days (tag, day, {columns}) {source} "
        f"ON CONFLICT (tag, day) DO UPDATE SET {sums};"
    )


def _add(dialect: str, row: str) -> str:
    """Add one review's shares to the day of each of its card's tags."""
    shares = ", ".join(share.replace("R.", f"{row}.") for share in SHARES.values())
    tags = _card_tags(dialect, row)
    return _sums_added(f"SELECT tags.value, {row}.day, {shares} FROM ({tags}) AS tags WHERE true")


def sums_of_reviews_after(first_id: str) -> str:
    """Add the shares of every review whose id is above ``first_id`` (an SQL expression) to
    the days of their cards' tags, in one statement (SQLite): what the insert trigger does row
    by row, for a bulk writer that set it aside (:mod:`studyapp.store.bulk_sums`)."""
    shares = ", ".join(f"sum({share})" for share in SHARES.values())
    return _sums_added(
        f"SELECT tag_names.name, R.day, {shares} FROM reviews AS R "
        "JOIN card_tags ON card_tags.card_id = R.card_id "
        f"JOIN tag_names ON tag_names.id = card_tags.tag_id WHERE R.id > {first_id} "
        "GROUP BY tag_names.name, R.day"
    ).removesuffix(";")


def _take_back(dialect: str, row: str) -> str:
    """Subtract one review's shares from the day of each of its card's tags."""
    sums = ", ".join(
        f"{column} = {column} - ({share.replace('R.', f'{row}.')})"
        for column, share in SHARES.items()
    )
    return (
        f"UPDATE tag_days SET {sums} WHERE day = {row}.day AND tag IN ({_card_tags(dialect, row)});"
    )


def _retagged(dialect: str) -> str:
    """Move a card's log from the tags it lost to the tags it gained."""
    lost = f"{_tags(dialect, 'OLD.tags')} EXCEPT {_tags(dialect, 'NEW.tags')}"
    gained = f"{_tags(dialect, 'NEW.tags')} EXCEPT {_tags(dialect, 'OLD.tags')}"
    of_the_day = "R.card_id = NEW.id AND R.day = tag_days.day"
    taken_back = ", ".join(
        f"{column} = {column} - (SELECT sum({share}) FROM reviews AS R WHERE {of_the_day})"
        for column, share in SHARES.items()
    )
    added = ", ".join(f"sum({share})" for share in SHARES.values())
    return (
        f"UPDATE tag_days SET {taken_back} WHERE tag IN ({lost}) "
        "AND day IN (SELECT day FROM reviews WHERE card_id = NEW.id); "
        + _sums_added(
            f"SELECT tags.value, R.day, {added} FROM reviews AS R, ({gained}) AS tags "
            "WHERE R.card_id = NEW.id GROUP BY tags.value, R.day"
        )
    )


def triggers(dialect: str) -> dict[str, tuple[str, str]]:
    """The triggers on ``dialect`` (sqlite or postgresql), by name: when each fires, and the
    statements it runs."""
    return {
        "reviews_tag_summed_on_insert": ("AFTER INSERT ON reviews", _add(dialect, "NEW")),
        "reviews_tag_summed_on_delete": ("AFTER DELETE ON reviews", _take_back(dialect, "OLD")),
        "reviews_tag_summed_on_update": (
            f"AFTER UPDATE OF {WATCHED} ON reviews",
            f"{_take_back(dialect, 'OLD')} {_add(dialect, 'NEW')}",
        ),
        "cards_retagged": ("AFTER UPDATE OF tags ON cards", _retagged(dialect)),
    }
