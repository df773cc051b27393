"""Recording a rating: the schedule moves (spaced mode) and the review log gains a row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from studyapp.scheduling import sm2
from studyapp.store.models import MODES, CardState, Review


class UnknownCardError(LookupError):
    """A rating was given for a card that is not in the store."""


@dataclass(frozen=True, slots=True)
class RatingOutcome:
    """What a rating did to a card's schedule."""

    card_id: int
    review_id: int
    scheduled: bool
    before: sm2.SM2State
    after: sm2.SM2State
    due_before: date | None
    due_after: date | None


def record_rating(
    session: Session,
    card_id: int,
    rating: int,
    *,
    mode: str,
    now: datetime,
    today: date,
    response_ms: int | None = None,
    scheduled: bool = True,
) -> RatingOutcome:
    """Log one 1–5 rating and, in spaced mode when ``scheduled``, move the SM-2 schedule.

    ``today`` is the user's local day of ``now``. Ratings in other modes, and same-session
    repeats (``scheduled=False``), update only the card's latest rating. The caller commits.
    """
    quality = sm2.quality_from_rating(rating)
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if response_ms is not None and response_ms < 0:
        raise ValueError("response time cannot be negative")
    row = session.execute(
        select(
            CardState.repetitions,
            CardState.easiness,
            CardState.interval,
            CardState.due,
            CardState.introduced_on,
        ).where(CardState.card_id == card_id)
    ).one_or_none()
    if row is None:
        raise UnknownCardError(f"no card with id {card_id}")
    repetitions, easiness, interval, due_before, introduced_on = row
    before = sm2.SM2State(repetitions, Decimal(easiness), interval)
    moves = scheduled and mode == "spaced"
    after = sm2.review(before, quality) if moves else before
    due_after = sm2.next_due(today, after) if moves else due_before
    changes: dict[str, object] = {
        "last_rating": rating,
        "last_reviewed_at": now,
        "reviews": CardState.reviews + 1,
    }
    if moves:
        changes.update(
            repetitions=after.repetitions,
            easiness=after.easiness,
            interval=after.interval,
            due=due_after,
            introduced_on=introduced_on or today,
        )
        if not sm2.is_pass(quality):
            changes["lapses"] = CardState.lapses + 1
    session.execute(update(CardState).where(CardState.card_id == card_id).values(**changes))
    review_id = session.scalars(
        insert(Review).returning(Review.id),
        [
            {
                "card_id": card_id,
                "reviewed_at": now,
                "mode": mode,
                "rating": rating,
                "response_ms": response_ms,
                "scheduled": moves,
                "repetitions_before": before.repetitions,
                "easiness_before": before.easiness,
                "interval_before": before.interval,
                "due_before": due_before,
                "repetitions_after": after.repetitions,
                "easiness_after": after.easiness,
                "interval_after": after.interval,
                "due_after": due_after,
            }
        ],
    ).one()
    return RatingOutcome(card_id, review_id, moves, before, after, due_before, due_after)
