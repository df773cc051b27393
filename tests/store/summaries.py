"""The store's kept summaries, and the same figures counted from the logs (the reference)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, case, func, or_, select

from studyapp.store.review_days import PASS_RATING
from studyapp.store.schema import (
    answers,
    card_states,
    cards,
    decks,
    review_days,
    reviews,
    tag_days,
)

#: (day, deck key or tag) -> reviews, recalls, recalled, response ms, rating change.
DaySums = dict[tuple[date, str], tuple[int, ...]]
#: card id -> answers, right answers.
AnswerCounts = dict[int, tuple[int, int]]


def kept_day_sums(connection: Connection) -> DaySums:
    """``review_days`` by day and deck key (days whose reviews were all taken back left out)."""
    sums = review_days.c
    rows = connection.execute(
        select(
            sums.day,
            decks.c.key,
            sums.reviews,
            sums.recalls,
            sums.recalled,
            sums.response_ms,
            sums.rating_change,
        )
        .join(decks, decks.c.id == sums.deck_id)
        .where(sums.reviews > 0)
    )
    return {(day, key): tuple(int(n) for n in figures) for day, key, *figures in rows}


def logged_day_sums(connection: Connection) -> DaySums:
    """The same sums counted from ``reviews`` itself."""
    log = reviews.c
    recall = (log.mode == "spaced") & log.scheduled.is_(True)
    rows = connection.execute(
        select(
            log.day,
            decks.c.key,
            func.count(),
            func.sum(case((recall, 1), else_=0)),
            func.sum(case((recall & (log.rating >= PASS_RATING), 1), else_=0)),
            func.sum(func.coalesce(log.response_ms, 0)),
            func.sum(log.rating - func.coalesce(log.rating_before, 0)),
        )
        .join(cards, cards.c.id == log.card_id)
        .join(decks, decks.c.id == cards.c.deck_id)
        .group_by(log.day, decks.c.key)
    )
    return {(day, key): tuple(int(n) for n in figures) for day, key, *figures in rows}


def kept_answer_counts(connection: Connection) -> AnswerCounts:
    """(answers, right) of every card that has answers, as ``card_states`` keeps them."""
    state = card_states.c
    rows = connection.execute(
        select(state.card_id, state.answers, state.answers_right).where(state.answers != 0)
    )
    return {card_id: (count, right) for card_id, count, right in rows}


def logged_answer_counts(connection: Connection) -> AnswerCounts:
    """The same counts from ``answers`` itself."""
    right = case((or_(answers.c.correct, answers.c.overridden), 1), else_=0)
    rows = connection.execute(
        select(answers.c.card_id, func.count(), func.sum(right)).group_by(answers.c.card_id)
    )
    return {card_id: (int(count), int(right_count)) for card_id, count, right_count in rows}


def kept_tag_sums(connection: Connection) -> DaySums:
    """``tag_days`` by day and tag (days whose reviews were all taken back left out)."""
    sums = tag_days.c
    rows = connection.execute(
        select(
            sums.day,
            sums.tag,
            sums.reviews,
            sums.recalls,
            sums.recalled,
            sums.response_ms,
            sums.rating_change,
        ).where(sums.reviews > 0)
    )
    return {(day, tag): tuple(int(n) for n in figures) for day, tag, *figures in rows}


def logged_tag_sums(connection: Connection) -> DaySums:
    """The same sums counted in Python from ``reviews`` and each card's tag list: each review
    once for each distinct tag its card carries now."""
    tags = {card_id: set(tag_list) for card_id, tag_list in connection.execute(
        select(cards.c.id, cards.c.tags)
    )}  # fmt: skip
    log = reviews.c
    found: defaultdict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for card_id, day, mode, scheduled, rating, before, response_ms in connection.execute(
        select(
            log.card_id, log.day, log.mode, log.scheduled, log.rating, log.rating_before,
            log.response_ms,
        )
    ):  # fmt: skip
        recall = mode == "spaced" and scheduled
        shares = (
            1,
            int(recall),
            int(recall and rating >= PASS_RATING),
            response_ms or 0,
            rating - (before or 0),
        )
        for tag in tags[card_id]:
            found[(day, tag)] = [a + b for a, b in zip(found[(day, tag)], shares, strict=True)]
    return {key: tuple(figures) for key, figures in found.items()}
