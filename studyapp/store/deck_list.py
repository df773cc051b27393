"""The deck list (cards, new, due today, mastery), read fast at start-up.

Importing SQLAlchemy takes a few hundred milliseconds on a small machine, while the deck list
that ``studyapp decks`` prints needs two small queries. :func:`quick_deck_summaries` answers
them with the standard library's sqlite3 when the store is a SQLite file that is already at
this app's schema version with its bundled decks in sync. For anything else (another kind of
database, a store to create or upgrade, bundled decks to import) it returns None, and the
caller opens the full :class:`~studyapp.collection.Collection`, whose
:func:`studyapp.store.queries.deck_summaries` gives the same figures through SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote

from studyapp.store.sqlite_file import read_only_uri
from studyapp.store.version import BUNDLED_DIGEST_KEY, SCHEMA_VERSION, SCHEMA_VERSION_KEY


@dataclass(frozen=True, slots=True)
class DeckSummary:
    """One row of the deck list: counts for today and mastery."""

    key: str
    title: str
    cards: int
    new: int
    due: int
    mastery: float  # 0–100: mean of each card's latest self-rating out of 5, unseen cards 0


def mastery_percent(rating_total: int, cards: int) -> float:
    """Mastery % of ``cards`` whose latest ratings sum to ``rating_total`` (0 for no cards)."""
    return rating_total / (5 * cards) * 100 if cards else 0.0


def summary_of(key: str, title: str, count: int, new: int, due: int, ratings: int) -> DeckSummary:
    """A deck's summary from its active card count, new and due counts and summed ratings."""
    return DeckSummary(key, title, count, new, due, mastery_percent(ratings, count))


#: A card neither suspended nor buried (parameter ``:today``), as
#: :func:`studyapp.store.studiable.studiable` says in SQLAlchemy.
STUDIABLE_SQL = "(suspended = 0 AND (buried_until IS NULL OR buried_until <= :today))"

# Due today: the due day has come, the card awaits its first spaced review after practice in
# another mode (`studyapp.store.queries.practised_unscheduled`), or it is relearning (its
# latest spaced rating of today is below 4: `studyapp.store.due_queue.relearning_ratings`).
# Parameters: today, the lower bound on today's review times
# (`studyapp.store.reviews.earliest_moment_of`), today.
#: ``last_rating IS NULL`` is what "new" means (:func:`studyapp.store.queries.is_new`).
_COUNTS = f"""
    SELECT deck_id, count(*), sum(last_rating IS NULL AND {STUDIABLE_SQL}),
        sum({STUDIABLE_SQL} AND (
            due <= :today OR (due IS NULL AND last_rating IS NOT NULL) OR card_id IN (
            SELECT r.card_id FROM reviews r
            WHERE r.reviewed_at >= :since AND r.day = :today AND r.mode = 'spaced'
                AND r.rating < 4
                AND NOT EXISTS (
                    SELECT 1 FROM reviews l
                    WHERE l.card_id = r.card_id AND l.reviewed_at >= r.reviewed_at
                        AND l.mode = 'spaced' AND l.day = :today
                        AND (l.reviewed_at > r.reviewed_at OR l.id > r.id)
                )
        ))),
        sum(coalesce(last_rating, 0))
    FROM card_states WHERE active = 1 GROUP BY deck_id
"""
_DECKS = "SELECT id, key, title FROM decks ORDER BY key"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL, or None for anything else."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = unquote(url[len(prefix) :])
    return None if path in ("", ":memory:") else Path(path)


def quick_deck_summaries(url: str, today: date, bundled_digest: str) -> list[DeckSummary] | None:
    """The deck list read with sqlite3, or None when only the full store can answer.

    ``bundled_digest`` is the fingerprint of the bundled decks on disk; the store must have
    recorded the same one (otherwise they need importing first).
    """
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        # read-only: never a byte written to a file that may not be ours (not even rolling
        # back another app's interrupted transaction)
        with closing(sqlite3.connect(read_only_uri(path), uri=True, timeout=5)) as connection:
            meta = dict(
                connection.execute(
                    "SELECT key, value FROM meta WHERE key IN (?, ?)",
                    (SCHEMA_VERSION_KEY, BUNDLED_DIGEST_KEY),
                ).fetchall()
            )
            if meta.get(SCHEMA_VERSION_KEY) != str(SCHEMA_VERSION):
                return None
            if meta.get(BUNDLED_DIGEST_KEY) != bundled_digest:
                return None
            counts = {
                deck_id: (count, new or 0, due or 0, ratings or 0)
                for deck_id, count, new, due, ratings in connection.execute(
                    _COUNTS,
                    {"today": today.isoformat(), "since": (today - timedelta(days=1)).isoformat()},
                )
            }
            decks = connection.execute(_DECKS).fetchall()
    except sqlite3.Error:
        return None  # not a studyapp store, locked, damaged: the full path reports it properly
    return [
        summary_of(key, title, *counts.get(deck_id, (0, 0, 0, 0))) for deck_id, key, title in decks
    ]
