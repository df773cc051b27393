"""A deck's learning progress read for export: each card's state under the collection's
scheduler (SM-2's, or FSRS's with its memory), spaced ratings and marks."""

from __future__ import annotations

from sqlalchemy import Connection, select

from studyapp.decks.anki.progress import CardProgress, FSRSMemory, ReviewEntry
from studyapp.scheduling.paired import FSRS
from studyapp.scheduling.rating import Rating
from studyapp.store.scheduler_choice import collection_scheduler
from studyapp.store.schema import card_states, cards, decks, reviews


def deck_progress(connection: Connection, deck_key: str) -> dict[str, CardProgress]:
    """The progress of a deck's active cards that were rated in spaced mode or have a mark
    (suspended, flagged, starred), by card id."""
    found = connection.execute(
        select(
            cards.c.id,
            cards.c.key,
            card_states.c.interval,
            card_states.c.easiness,
            card_states.c.due,
            card_states.c.lapses,
            card_states.c.suspended,
            card_states.c.flag,
            card_states.c.starred,
            card_states.c.fsrs_stability,
            card_states.c.fsrs_difficulty,
            card_states.c.fsrs_reviewed_on,
        )
        .join(decks, decks.c.id == cards.c.deck_id)
        .join(card_states, card_states.c.card_id == cards.c.id)
        .where(decks.c.key == deck_key, cards.c.retired_at.is_(None))
    ).all()
    entries: dict[int, list[ReviewEntry]] = {}
    log = (
        select(
            reviews.c.card_id,
            reviews.c.reviewed_at,
            reviews.c.rating,
            reviews.c.response_ms,
            reviews.c.scheduled,
            reviews.c.due_before,
            reviews.c.interval_before,
            reviews.c.interval_after,
            reviews.c.easiness_after,
        )
        .join(cards, cards.c.id == reviews.c.card_id)
        .join(decks, decks.c.id == cards.c.deck_id)
        .where(decks.c.key == deck_key, reviews.c.mode == "spaced")
        .order_by(reviews.c.card_id, reviews.c.reviewed_at, reviews.c.id)
    )
    for (
        card_id,
        at,
        rating,
        response_ms,
        scheduled,
        due_before,
        before,
        after,
        ease,
    ) in connection.execute(log):
        first = scheduled and due_before is None
        entries.setdefault(card_id, []).append(
            ReviewEntry(at, Rating.of(rating), response_ms, scheduled, first, before, after, ease)
        )
    scheduler = collection_scheduler(connection)
    on_fsrs = scheduler.name == FSRS
    progress: dict[str, CardProgress] = {}
    for (card_id, key, interval, easiness, due, lapses, suspended, flag, starred,
         stability, difficulty, reviewed_on) in found:  # fmt: skip
        if due is None and card_id not in entries and not suspended and not flag and not starred:
            continue
        memory = None
        if on_fsrs and stability is not None and difficulty is not None:
            memory = FSRSMemory(stability, difficulty, scheduler.fsrs.desired_retention)
            if due is not None and reviewed_on is not None:
                interval = max(1, (due - reviewed_on).days)  # FSRS's interval, to its due day
        progress[key] = CardProgress(
            interval,
            easiness,
            due,
            lapses,
            entries.get(card_id, []),
            bool(suspended),
            flag,
            bool(starred),
            memory,
        )
    return progress
