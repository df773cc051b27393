"""Objective results of the learn, test and matching modes: answers, tests and games.

Self-ratings go to the review log (:mod:`studyapp.store.reviews`); what is written here is
whether an answer was right, so that analytics can compare the two. The caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, func, insert, select, update

from studyapp.store.schema import (
    ANSWER_KINDS,
    MODES,
    answers,
    card_states,
    cards,
    decks,
    match_games,
    test_results,
)
from studyapp.store.scope import Scope, in_scope
from studyapp.store.studiable import studiable
from studyapp.store.unfinished import discard_unfinished


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One card's question answered in learn, test or matching."""

    card_id: int
    mode: str
    kind: str
    correct: bool
    answered_at: datetime
    given: str | None = None
    response_ms: int | None = None
    overridden: bool = False

    def __post_init__(self) -> None:
        if self.mode not in MODES or self.mode == "spaced":
            raise ValueError(f"answers come from learn, test or matching, not {self.mode!r}")
        if self.kind not in ANSWER_KINDS:
            raise ValueError(f"an answer kind is one of {', '.join(ANSWER_KINDS)}")
        if self.response_ms is not None and self.response_ms < 0:
            raise ValueError("response time cannot be negative")


def _row(record: AnswerRecord, test_id: int | None = None) -> dict[str, object]:
    return {
        "card_id": record.card_id,
        "answered_at": record.answered_at,
        "mode": record.mode,
        "kind": record.kind,
        "correct": record.correct,
        "overridden": record.overridden,
        "given": record.given,
        "response_ms": record.response_ms,
        "test_id": test_id,
    }


def record_answer(connection: Connection, record: AnswerRecord) -> int:
    """Write one answer; its id."""
    return int(
        connection.execute(insert(answers).returning(answers.c.id), _row(record)).scalar_one()
    )


def mark_answer_right(connection: Connection, answer_id: int) -> None:
    """The student says a written answer graded wrong was right ("I was right"); an answer in
    a test also counts in the test's score. An answer already right is left as it is."""
    marked = connection.execute(
        update(answers)
        .where(answers.c.id == answer_id, answers.c.correct.is_(False))
        .values(correct=True, overridden=True)
        .returning(answers.c.test_id)
    ).one_or_none()
    if marked is not None and marked.test_id is not None:
        connection.execute(
            update(test_results)
            .where(test_results.c.id == marked.test_id)
            .values(correct=test_results.c.correct + 1)
        )


def answer_id_in_test(connection: Connection, test_id: int, card_id: int) -> int:
    """The id of a card's answer in a test (a test asks each card once)."""
    return int(
        connection.execute(
            select(answers.c.id).where(answers.c.test_id == test_id, answers.c.card_id == card_id)
        ).scalar_one()
    )


def record_test(
    connection: Connection,
    scope: Scope,
    started_at: datetime,
    finished_at: datetime,
    kinds: Sequence[str],
    results: Sequence[AnswerRecord],
    *,
    questions: int,
    correct: int,
) -> int:
    """Write a finished test and the answers it was scored on; the test's id. The scope's
    unfinished test (:mod:`studyapp.store.unfinished`) ends with it, in the same transaction."""
    if finished_at < started_at:
        raise ValueError("a test cannot finish before it starts")
    test_id = connection.execute(
        insert(test_results).returning(test_results.c.id),
        {
            "scope": scope.key,
            "started_at": started_at,
            "finished_at": finished_at,
            "duration_ms": int((finished_at - started_at).total_seconds() * 1000),
            "questions": questions,
            "correct": correct,
            "kinds": list(kinds),
        },
    ).scalar_one()
    if results:
        connection.execute(insert(answers), [_row(record, test_id) for record in results])
    discard_unfinished(connection, "test", scope)
    return int(test_id)


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A finished matching game."""

    scope: Scope
    finished_at: datetime
    pairs: int
    mistakes: int
    elapsed_ms: int
    penalty_ms: int

    @property
    def total_ms(self) -> int:
        """The time that counts: time taken plus penalties."""
        return self.elapsed_ms + self.penalty_ms


def record_match_game(
    connection: Connection, result: MatchResult, card_answers: Sequence[AnswerRecord]
) -> int:
    """Write a finished game and each card's result in it; the game's id."""
    game_id = connection.execute(
        insert(match_games).returning(match_games.c.id),
        {
            "scope": result.scope.key,
            "finished_at": result.finished_at,
            "pairs": result.pairs,
            "mistakes": result.mistakes,
            "elapsed_ms": result.elapsed_ms,
            "penalty_ms": result.penalty_ms,
            "total_ms": result.total_ms,
        },
    ).scalar_one()
    if card_answers:
        connection.execute(insert(answers), [_row(record) for record in card_answers])
    return int(game_id)


def best_match_ms(connection: Connection, scope: Scope) -> int | None:
    """The best (smallest) total time of a matching game over ``scope``, or None."""
    value = connection.scalar(
        select(func.min(match_games.c.total_ms)).where(match_games.c.scope == scope.key)
    )
    return None if value is None else int(value)


def scope_card_ids(connection: Connection, scope: Scope, today: date) -> list[int]:
    """The active cards of ``scope`` that may be studied on ``today`` (neither suspended nor
    buried), in deck and file order.

    The cards are read in order from their ``(deck_id, position)`` index, each kept when its
    ``card_states`` row (one lookup by key) says so. Sorting the scope's cards took SQLite a
    temporary b-tree of 100,000 rows; reading the order and the set apart and keeping the
    ones in both in Python took twice the time of this one walk.
    """
    state = card_states.c
    kept = select(state.card_id).where(
        state.card_id == cards.c.id, state.active.is_(True), studiable(today)
    )
    condition = in_scope(connection, state.card_id, state.deck_id, scope, today)
    if condition is not None:
        kept = kept.where(condition)
    ordered = select(cards.c.id).where(kept.exists()).order_by(cards.c.deck_id, cards.c.position)
    if scope.decks is not None:  # only the chosen decks' part of the index
        chosen = select(decks.c.id).where(decks.c.key.in_(list(scope.decks)))
        ordered = ordered.where(cards.c.deck_id.in_(chosen.scalar_subquery()))
    result = connection.execute(ordered)
    card_ids = [row[0] for row in result.cursor.fetchall()]  # the driver's rows, plain integers
    result.close()
    return card_ids


def scope_card_set(connection: Connection, scope: Scope, today: date) -> list[int]:
    """The same cards as :func:`scope_card_ids`, by id: read from ``card_states`` alone (one
    narrow index), for a session that draws cards at random and needs no file order."""
    query = select(card_states.c.card_id).where(card_states.c.active.is_(True), studiable(today))
    condition = in_scope(connection, card_states.c.card_id, card_states.c.deck_id, scope, today)
    if condition is not None:
        query = query.where(condition)
    result = connection.execute(query)
    # the driver's rows as they are (plain integers: SQLAlchemy's rows would double the time)
    # and sorted here (SQL would sort them in a temporary b-tree)
    ids = sorted(row[0] for row in result.cursor.fetchall())
    result.close()
    return ids


def short_answers(
    connection: Connection, scope: Scope, today: date
) -> list[tuple[int, str | None]]:
    """The short answer of each card of the scope (as :func:`scope_card_set`) that is not
    numeric: a narrow read, for what a short answer alone tells of the cards (a test's setup
    counts the cards it can ask)."""
    query = (
        select(cards.c.id, cards.c.short)
        .join(card_states, card_states.c.card_id == cards.c.id)
        .where(card_states.c.active.is_(True), studiable(today), cards.c.numeric_spec.is_(None))
    )
    condition = in_scope(connection, card_states.c.card_id, card_states.c.deck_id, scope, today)
    if condition is not None:
        query = query.where(condition)
    result = connection.execute(query)
    rows = [(card_id, short) for card_id, short in result.cursor.fetchall()]  # plain values
    result.close()
    return rows
