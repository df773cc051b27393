"""Restoring a deck backup (:mod:`studyapp.store.deck_backup`) into the store, in one transaction.

The deck comes back as it was: its row, its cards with their states and marks, every review and
answer, and its tests and matching games. Cards and tests keep their row ids when those are
still free (the usual case: nothing reuses them), so that an unfinished session's saved state,
which names cards by row id, still fits; else they get new ids and the unfinished sessions are
left out. The ``review_days`` and answer-count triggers rebuild the summaries as the history is
written, exactly as when it was first written. The caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, select, text

from studyapp.decks.errors import DeckError
from studyapp.store.deck_backup import DeckBackup, Row
from studyapp.store.importer import ONE_DECK_KINDS
from studyapp.store.removed_bundled import forget_removed
from studyapp.store.schema import (
    answers,
    card_states,
    cards,
    decks,
    match_games,
    reviews,
    test_results,
    unfinished_sessions,
)


@dataclass(frozen=True, slots=True)
class RestoredDeck:
    """What a restore brought back."""

    key: str
    deck_id: int
    cards: int
    active: int
    reviews: int
    answers: int
    sessions_left_out: int


def _file_taken(connection: Connection, deck_row: Row) -> bool:
    """Whether another deck follows the deck file or export the backed-up deck followed (a
    file feeds one deck: :func:`studyapp.store.importer.release_file`)."""
    origin = deck_row.get("origin")
    if not origin or deck_row.get("origin_kind") not in ONE_DECK_KINDS:
        return False
    other = select(decks.c.id).where(decks.c.origin == origin)
    return connection.scalar(other.where(decks.c.origin_kind.in_(ONE_DECK_KINDS))) is not None


def restore_deck(connection: Connection, backup: DeckBackup, key: str, path: str) -> RestoredDeck:
    """Write the backup's deck as deck ``key``; DeckError (nothing written) if the id is taken."""
    if connection.scalar(select(decks.c.id).where(decks.c.key == key)) is not None:
        raise DeckError.single(
            path,
            None,
            f'deck id "{key}" is taken by a deck of yours; nothing was restored (restore under '
            f"another id with --deck NEW, or remove that deck first: studyapp deck rm {key})",
        )
    rows = backup.rows
    card_ids = [row["id"] for row in rows["cards"]]
    test_ids = [row["id"] for row in rows["test_results"]]
    keep_ids = not _taken(connection, cards, card_ids) and not _taken(
        connection, test_results, test_ids
    )
    deck_row = {name: value for name, value in backup.deck.items() if name != "id"}
    if _file_taken(connection, deck_row):  # a copy beside the deck that follows its file
        deck_row.update(origin=None, origin_digest=None, origin_kind="app")
    deck_id = connection.execute(
        decks.insert().values(**{**deck_row, "key": key}).returning(decks.c.id)
    ).scalar_one()
    forget_removed(connection, key)  # a bundled deck restored takes the app's updates again
    scope = f"deck:{key}"

    new_cards = _insert(
        connection, cards, ({**row, "deck_id": deck_id} for row in rows["cards"]), keep_ids
    )
    card_of = dict(zip(card_ids, new_cards, strict=True))
    states = [  # with no answers: the answers' triggers count them again as they are written
        {**row, "card_id": card_of[row["card_id"]], "deck_id": deck_id, "answers": 0}
        | {"answers_right": 0}
        for row in rows["card_states"]
    ]
    if states:
        connection.execute(card_states.insert(), states)
    new_tests = _insert(
        connection,
        test_results,
        ({**row, "scope": scope} for row in rows["test_results"]),
        keep_ids,
    )
    test_of = dict(zip(test_ids, new_tests, strict=True))
    review_rows = [
        {**_without_id(row), "card_id": card_of[row["card_id"]]} for row in rows["reviews"]
    ]
    if review_rows:
        connection.execute(reviews.insert(), review_rows)
    answer_rows = [
        {
            **_without_id(row),
            "card_id": card_of[row["card_id"]],
            "test_id": _test_link(connection, row["test_id"], test_of),
        }
        for row in rows["answers"]
    ]
    if answer_rows:
        connection.execute(answers.insert(), answer_rows)
    games = [{**_without_id(row), "scope": scope} for row in rows["match_games"]]
    if games:
        connection.execute(match_games.insert(), games)
    sessions = [{**row, "scope": scope} for row in rows["unfinished_sessions"]]
    if sessions and keep_ids:
        connection.execute(unfinished_sessions.insert(), sessions)
    return RestoredDeck(
        key=key,
        deck_id=deck_id,
        cards=len(card_ids),
        active=sum(row["retired_at"] is None for row in rows["cards"]),
        reviews=len(review_rows),
        answers=len(answer_rows),
        sessions_left_out=0 if keep_ids else len(sessions),
    )


def _taken(connection: Connection, table: Table, ids: list[int]) -> bool:
    """Whether any of these row ids of ``table`` is in use."""
    id_column = table.c.id
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        if connection.scalar(select(id_column).where(id_column.in_(chunk)).limit(1)) is not None:
            return True
    return False


def _insert(connection: Connection, table: Table, rows: Iterable[Row], keep_ids: bool) -> list[int]:
    """Insert rows (with their own ids when ``keep_ids``); their ids, in order."""
    given = [row if keep_ids else _without_id(row) for row in rows]
    if not given:
        return []
    if keep_ids:
        connection.execute(table.insert(), given)
        if connection.dialect.name == "postgresql":  # its id sequence must pass the ids given
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT max(id) FROM {table.name}))"
                )
            )
        return [int(row["id"]) for row in given]
    inserted = connection.execute(
        table.insert().returning(table.c.id, sort_by_parameter_order=True), given
    )
    return [int(row_id) for row_id in inserted.scalars()]


def _without_id(row: Row) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name != "id"}


def _test_link(connection: Connection, test_id: int | None, restored: dict[int, int]) -> int | None:
    """The test an answer belongs to: a restored one, one still in the store, or none."""
    if test_id is None:
        return None
    if test_id in restored:
        return restored[test_id]
    still = connection.scalar(select(test_results.c.id).where(test_results.c.id == test_id))
    return None if still is None else int(still)
