"""Schema 2 to 3: each review's local day and previous rating, the review log summed per deck
and day (``review_days``, kept by triggers), each card's sum of ratings and count of answers,
and the indexes the figures read alone.

Frozen: the DDL and the backfills are those of schema 3 on SQLite, written out here so that no
later change to the schema can change this step. As it always did, the step adds its columns
with ``ALTER TABLE``, so ``reviews.day`` carries ``DEFAULT ''`` and ``card_states``' new columns
come last; the step to 4 rebuilds both tables to their canonical shape.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from sqlalchemy import Connection, text

from studyapp.clock import Zone, day_start, local_day

COLUMNS: Final = (
    "ALTER TABLE reviews ADD COLUMN day DATE NOT NULL DEFAULT ''",
    "ALTER TABLE reviews ADD COLUMN rating_before INTEGER",
)

#: Each review's previous rating (any mode) on the same card.
RATINGS_BEFORE: Final = """
UPDATE reviews SET rating_before = earlier.rating FROM (
    SELECT id, lag(rating) OVER (PARTITION BY card_id ORDER BY reviewed_at, id) AS rating
    FROM reviews
) AS earlier
WHERE earlier.id = reviews.id AND earlier.rating IS NOT NULL
"""

CARD_COUNTS: Final = (
    "ALTER TABLE card_states ADD COLUMN rating_sum INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE card_states ADD COLUMN answers INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE card_states ADD COLUMN answers_right INTEGER NOT NULL DEFAULT 0",
    """
    UPDATE card_states SET answers = counted.answers, answers_right = counted.right FROM (
        SELECT card_id, count(*) AS answers, sum(correct OR overridden) AS right
        FROM answers GROUP BY card_id
    ) AS counted
    WHERE counted.card_id = card_states.card_id
    """,
    """
    UPDATE card_states SET rating_sum = rated.total FROM (
        SELECT card_id, sum(rating) AS total FROM reviews GROUP BY card_id
    ) AS rated
    WHERE rated.card_id = card_states.card_id
    """,
)

INDEXES: Final = (
    "DROP INDEX IF EXISTS ix_reviews_card_time",
    "CREATE INDEX ix_reviews_card_time ON reviews (card_id, reviewed_at, rating)",
    "CREATE INDEX ix_card_states_hardest ON card_states (lapses DESC, easiness, card_id)",
    "DROP INDEX ix_answers_card_time",
    "CREATE INDEX ix_answers_card_time ON answers (card_id, answered_at, correct, overridden)",
    "CREATE INDEX ix_answers_time ON answers (answered_at, response_ms)",
)

REVIEW_DAYS: Final = (
    """
    CREATE TABLE review_days (
        day DATE NOT NULL,
        deck_id INTEGER NOT NULL,
        reviews INTEGER NOT NULL,
        recalls INTEGER NOT NULL,
        recalled INTEGER NOT NULL,
        response_ms INTEGER NOT NULL,
        rating_change INTEGER NOT NULL,
        PRIMARY KEY (day, deck_id),
        FOREIGN KEY(deck_id) REFERENCES decks (id) ON DELETE RESTRICT
    )
    WITHOUT ROWID
    """,
    """
    INSERT INTO review_days
        (deck_id, day, reviews, recalls, recalled, response_ms, rating_change)
    SELECT cards.deck_id, reviews.day, sum(1),
        sum((reviews.mode = 'spaced' AND reviews.scheduled)),
        sum((reviews.mode = 'spaced' AND reviews.scheduled AND reviews.rating >= 3)),
        sum(coalesce(reviews.response_ms, 0)),
        sum(reviews.rating - coalesce(reviews.rating_before, 0))
    FROM reviews JOIN cards ON cards.id = reviews.card_id
    GROUP BY cards.deck_id, reviews.day
    """,
)

#: Schema 3's triggers: the daily sums and the answer counts, kept as rows are written.
TRIGGERS: Final = (
    """
    CREATE TRIGGER reviews_summed_on_insert AFTER INSERT ON reviews BEGIN
    INSERT INTO review_days
        (deck_id, day, reviews, recalls, recalled, response_ms, rating_change)
    SELECT cards.deck_id, NEW.day, 1, (NEW.mode = 'spaced' AND NEW.scheduled),
        (NEW.mode = 'spaced' AND NEW.scheduled AND NEW.rating >= 3),
        coalesce(NEW.response_ms, 0), NEW.rating - coalesce(NEW.rating_before, 0)
    FROM cards WHERE cards.id = NEW.card_id
    ON CONFLICT (day, deck_id) DO UPDATE SET reviews = reviews + excluded.reviews,
        recalls = recalls + excluded.recalls, recalled = recalled + excluded.recalled,
        response_ms = response_ms + excluded.response_ms,
        rating_change = rating_change + excluded.rating_change;
    END
    """,
    """
    CREATE TRIGGER reviews_summed_on_delete AFTER DELETE ON reviews BEGIN
    UPDATE review_days SET reviews = reviews - (1),
        recalls = recalls - ((OLD.mode = 'spaced' AND OLD.scheduled)),
        recalled = recalled - ((OLD.mode = 'spaced' AND OLD.scheduled AND OLD.rating >= 3)),
        response_ms = response_ms - (coalesce(OLD.response_ms, 0)),
        rating_change = rating_change - (OLD.rating - coalesce(OLD.rating_before, 0))
    WHERE deck_id = (SELECT deck_id FROM cards WHERE id = OLD.card_id) AND day = OLD.day;
    END
    """,
    """
    CREATE TRIGGER reviews_summed_on_update AFTER UPDATE OF
        card_id, day, mode, scheduled, rating, rating_before, response_ms
    ON reviews BEGIN
    UPDATE review_days SET reviews = reviews - (1),
        recalls = recalls - ((OLD.mode = 'spaced' AND OLD.scheduled)),
        recalled = recalled - ((OLD.mode = 'spaced' AND OLD.scheduled AND OLD.rating >= 3)),
        response_ms = response_ms - (coalesce(OLD.response_ms, 0)),
        rating_change = rating_change - (OLD.rating - coalesce(OLD.rating_before, 0))
    WHERE deck_id = (SELECT deck_id FROM cards WHERE id = OLD.card_id) AND day = OLD.day;
    INSERT INTO review_days
        (deck_id, day, reviews, recalls, recalled, response_ms, rating_change)
    SELECT cards.deck_id, NEW.day, 1, (NEW.mode = 'spaced' AND NEW.scheduled),
        (NEW.mode = 'spaced' AND NEW.scheduled AND NEW.rating >= 3),
        coalesce(NEW.response_ms, 0), NEW.rating - coalesce(NEW.rating_before, 0)
    FROM cards WHERE cards.id = NEW.card_id
    ON CONFLICT (day, deck_id) DO UPDATE SET reviews = reviews + excluded.reviews,
        recalls = recalls + excluded.recalls, recalled = recalled + excluded.recalled,
        response_ms = response_ms + excluded.response_ms,
        rating_change = rating_change + excluded.rating_change;
    END
    """,
    """
    CREATE TRIGGER answers_counted_on_insert AFTER INSERT ON answers BEGIN
    UPDATE card_states SET answers = answers + 1,
        answers_right = answers_right + (NEW.correct OR NEW.overridden)
    WHERE card_id = NEW.card_id;
    END
    """,
    """
    CREATE TRIGGER answers_counted_on_delete AFTER DELETE ON answers BEGIN
    UPDATE card_states SET answers = answers - 1,
        answers_right = answers_right - (OLD.correct OR OLD.overridden)
    WHERE card_id = OLD.card_id;
    END
    """,
    """
    CREATE TRIGGER answers_counted_on_update AFTER UPDATE OF card_id, correct, overridden
    ON answers BEGIN
    UPDATE card_states SET answers = answers - 1,
        answers_right = answers_right - (OLD.correct OR OLD.overridden)
    WHERE card_id = OLD.card_id;
    UPDATE card_states SET answers = answers + 1,
        answers_right = answers_right + (NEW.correct OR NEW.overridden)
    WHERE card_id = NEW.card_id;
    END
    """,
)

#: How SQLAlchemy stores a moment in SQLite (UTC, naive): compared as text.
_STORED_MOMENT = "%Y-%m-%d %H:%M:%S.%f"


def upgrade(connection: Connection, zone: Zone) -> None:
    """Add the columns and fill them, then the summary table, the indexes and the triggers.

    The days of past reviews are read in ``zone`` (None: the machine's rules), the user's
    zone now: the best guess of where they were.
    """
    for statement in COLUMNS:
        connection.execute(text(statement))
    _fill_days(connection, zone)
    connection.execute(text(RATINGS_BEFORE))
    for statement in (*CARD_COUNTS, *INDEXES, *REVIEW_DAYS, *TRIGGERS):
        connection.execute(text(statement))


def _fill_days(connection: Connection, zone: Zone) -> None:
    """Each review's local day in ``zone``, one UPDATE per day the log spans."""
    first, last = connection.execute(
        text("SELECT min(reviewed_at), max(reviewed_at) FROM reviews")
    ).one()
    if first is None:
        return
    start, end = (local_day(_moment(value), zone) for value in (first, last))
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    connection.execute(
        text("UPDATE reviews SET day = :day WHERE reviewed_at >= :start AND reviewed_at < :end"),
        [
            {
                "day": day.isoformat(),
                "start": _stored(day_start(day, zone)),
                "end": _stored(day_start(day + timedelta(days=1), zone)),
            }
            for day in days
        ],
    )


def _moment(stored: str) -> datetime:
    """A stored moment as an aware UTC datetime."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def _stored(moment: datetime) -> str:
    """An aware datetime as SQLAlchemy stores it in SQLite."""
    return moment.astimezone(UTC).strftime(_STORED_MOMENT)
