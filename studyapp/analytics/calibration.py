"""Calibration: does the student rate a card as highly as they actually answer it?

Self-ratings (1–5, any mode, in ``reviews``) say how well the student thinks they know a card;
the answers of the learn, test and matching modes (``answers``) say how often they got it
right. The rule, per active card of the scope:

- **expected** success from self-ratings: the mean of its ratings, read on a 0–1 scale as
  ``(rating − 1) / 4`` (1 → 0, 3 → 0.5, 5 → 1);
- **objective** success: the share of its answers that were right, an "I was right" override
  counting as right;
- **gap** (overconfidence) = expected − objective, from −1 to 1.

A card is *compared* when it has at least :data:`MIN_RATINGS` rating and :data:`MIN_ANSWERS`
answers (fewer answers say too little). A compared card is *overconfident* (rated higher than
it performs: an *overrated* card) when its gap is at least :data:`CONFIDENCE_GAP`,
*underconfident* when its gap is at most −:data:`CONFIDENCE_GAP`, and *calibrated* otherwise.

The whole history counts by default; ``since`` keeps only the ratings and answers given at or
after that moment (both sides get the same window). Summary means weigh each compared card
once. The per-level table (a reliability diagram) groups the compared cards by their *latest*
rating and gives their mean objective success next to what that rating promises.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import ColumnElement, Connection, Select, case, func, or_, select

from studyapp.scope import Scope
from studyapp.store.schema import answers, card_states, cards, decks, reviews
from studyapp.store.scope import in_scope
from studyapp.store.triggers import triggers_kept

__all__ = [
    "CONFIDENCE_GAP",
    "MIN_ANSWERS",
    "MIN_RATINGS",
    "RATING_LEVELS",
    "TOP_OVERRATED",
    "CalibrationLevel",
    "CalibrationReport",
    "CalibrationSummary",
    "CardCalibration",
    "calibration_report",
    "expected_success",
]

#: A card is compared only with at least this many answers…
MIN_ANSWERS: Final = 3
#: …and at least this many self-ratings (in the window).
MIN_RATINGS: Final = 1
#: The gap (expected − objective) from which a card is overconfident (or, negated, under).
CONFIDENCE_GAP: Final = 0.25
#: How many overrated cards a report lists.
TOP_OVERRATED: Final = 20
RATING_LEVELS: Final = (1, 2, 3, 4, 5)

# Gaps are ratios of small integers: a gap equal to the threshold must count as reaching it.
_TOLERANCE: Final = 1e-9


def expected_success(rating: float) -> float:
    """A self-rating (or a mean of them) on the 0–1 scale of a share right: 1 → 0, 5 → 1."""
    return (rating - 1) / 4


@dataclass(frozen=True, slots=True)
class CardCalibration:
    """One compared card: what its self-ratings promise against what its answers show."""

    card_id: int
    deck: str
    question: str
    ratings: int
    mean_rating: float  # 1–5
    expected: float  # 0–1, from the mean rating
    answers: int
    right: int  # overrides included
    objective: float  # right / answers
    gap: float  # expected − objective: positive when rated higher than it performs


@dataclass(frozen=True, slots=True)
class CalibrationSummary:
    """The compared cards of a scope at a glance (means are None when none were compared)."""

    cards: int
    mean_expected: float | None
    mean_objective: float | None
    overconfident: int
    underconfident: int

    @property
    def calibrated(self) -> int:
        """Compared cards whose gap is within the threshold either way."""
        return self.cards - self.overconfident - self.underconfident


@dataclass(frozen=True, slots=True)
class CalibrationLevel:
    """The compared cards whose latest rating is ``rating``, and how they really do."""

    rating: int
    expected: float  # what the rating promises on the 0–1 scale
    cards: int
    actual: float | None  # their mean objective success; None without cards


@dataclass(frozen=True, slots=True)
class CalibrationReport:
    """Calibration of one scope: summary, one level per rating 1–5, the most overrated cards."""

    summary: CalibrationSummary
    levels: tuple[CalibrationLevel, ...]
    overrated: tuple[CardCalibration, ...]  # by gap, largest first; at most ``limit``


@dataclass(frozen=True, slots=True)
class _Counts:
    card_id: int
    ratings: int
    rating_total: int
    answers: int
    right: int
    latest: int | None

    @property
    def expected(self) -> float:
        return expected_success(self.rating_total / self.ratings)

    @property
    def objective(self) -> float:
        return self.right / self.answers


def calibration_report(
    connection: Connection,
    scope: Scope,
    *,
    since: datetime | None = None,
    limit: int = TOP_OVERRATED,
) -> CalibrationReport:
    """Compare self-ratings with answers on the active cards of ``scope`` (see the module)."""
    compared = _compared_cards(connection, scope, since)
    gaps = [(counts, counts.expected - counts.objective) for counts in compared]
    over = [(counts, gap) for counts, gap in gaps if gap >= CONFIDENCE_GAP - _TOLERANCE]
    under = sum(gap <= -CONFIDENCE_GAP + _TOLERANCE for _, gap in gaps)
    count = len(compared)
    summary = CalibrationSummary(
        cards=count,
        mean_expected=sum(c.expected for c in compared) / count if count else None,
        mean_objective=sum(c.objective for c in compared) / count if count else None,
        overconfident=len(over),
        underconfident=under,
    )
    over.sort(key=lambda item: (-round(item[1], 9), -item[0].answers, item[0].card_id))
    return CalibrationReport(summary, _levels(compared), _describe(connection, over[:limit]))


def _compared_cards(connection: Connection, scope: Scope, since: datetime | None) -> list[_Counts]:
    """Per-card counts of the compared cards, aggregated in SQL."""
    state = card_states.c
    # "IS NOT 0", not "= 1": read the table through, not the queue index (see selection.py)
    kept: list[ColumnElement[bool]] = [state.active.is_not(False)]
    condition = in_scope(connection, state.card_id, state.deck_id, scope)
    if condition is not None:
        kept.append(condition)
    if since is None and triggers_kept(connection):  # each card's own counts
        query: Select[Any] = select(
            state.card_id,
            state.reviews,
            state.rating_sum,
            state.answers,
            state.answers_right,
            state.last_rating,
        ).where(*kept, state.answers >= MIN_ANSWERS, state.reviews >= MIN_RATINGS)
    else:
        query = _from_the_logs(kept, since)
    rows = connection.execute(query.order_by(query.selected_columns[0]))
    return [
        _Counts(int(card_id), int(count), int(total), int(answered), int(right), latest)
        for card_id, count, total, answered, right, latest in rows
    ]


def _from_the_logs(kept: list[ColumnElement[bool]], since: datetime | None) -> Select[Any]:
    """The compared cards' counts read from the answers and reviews given since a moment."""
    # answers first: usually far fewer cards than rated ones, and only theirs are compared
    is_right = case((or_(answers.c.correct, answers.c.overridden), 1), else_=0)
    answered = (
        select(answers.c.card_id, func.count().label("answers"), func.sum(is_right).label("right"))
        .where(*([] if since is None else [answers.c.answered_at >= since]))
        .group_by(answers.c.card_id)
        .having(func.count() >= MIN_ANSWERS)
    )
    answered_cards = answered.subquery("answered")
    candidates = (
        select(answered_cards, card_states.c.last_rating)
        .join(card_states, card_states.c.card_id == answered_cards.c.card_id)
        .where(*kept)
        .cte("candidates")
    )
    rated = (
        select(
            reviews.c.card_id,
            func.count().label("ratings"),
            func.sum(reviews.c.rating).label("rating_total"),
        )
        .where(
            *([] if since is None else [reviews.c.reviewed_at >= since]),
            reviews.c.card_id.in_(select(candidates.c.card_id)),
        )
        .group_by(reviews.c.card_id)
        .having(func.count() >= MIN_RATINGS)
        .subquery("rated")
    )
    return select(
        candidates.c.card_id,
        rated.c.ratings,
        rated.c.rating_total,
        candidates.c.answers,
        candidates.c.right,
        candidates.c.last_rating,
    ).join(rated, rated.c.card_id == candidates.c.card_id)


def _levels(compared: list[_Counts]) -> tuple[CalibrationLevel, ...]:
    """One row per rating 1–5: the compared cards whose latest rating it is."""
    objectives: dict[int, list[float]] = {rating: [] for rating in RATING_LEVELS}
    for counts in compared:
        if counts.latest in objectives:
            objectives[counts.latest].append(counts.objective)
    return tuple(
        CalibrationLevel(
            rating,
            expected_success(rating),
            len(shares),
            sum(shares) / len(shares) if shares else None,
        )
        for rating, shares in objectives.items()
    )


def _describe(
    connection: Connection, chosen: list[tuple[_Counts, float]]
) -> tuple[CardCalibration, ...]:
    """The listed cards with their deck and question (read for these few cards only)."""
    if not chosen:
        return ()
    texts = {
        card_id: (deck, question)
        for card_id, deck, question in connection.execute(
            select(cards.c.id, decks.c.key, cards.c.question)
            .join(decks, decks.c.id == cards.c.deck_id)
            .where(cards.c.id.in_([counts.card_id for counts, _ in chosen]))
        )
    }
    return tuple(
        CardCalibration(
            card_id=counts.card_id,
            deck=texts[counts.card_id][0],
            question=texts[counts.card_id][1],
            ratings=counts.ratings,
            mean_rating=counts.rating_total / counts.ratings,
            expected=counts.expected,
            answers=counts.answers,
            right=counts.right,
            objective=counts.objective,
            gap=gap,
        )
        for counts, gap in chosen
    )
