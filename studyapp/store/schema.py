"""The store's tables as SQLAlchemy Core ``Table`` objects.

Every query (today's queue, recording a rating, the deck list, importing) runs Core
statements on these tables; there is no ORM layer, which keeps start-up fast.

Self-ratings of every mode go to ``reviews``. The objective results of the learn, test and
matching modes (was the answer right?) go to ``answers``; a finished test is a ``test_results`` row
and a finished matching game a ``match_games`` row. A study scope is written as ``all``,
``deck:<id>`` or ``tag:<tag>``.

Cards are never deleted: a card that leaves its file is retired and keeps its history. Every
card has one ``card_states`` row from import on, holding its SM-2 schedule and its latest
self-rating; ``due IS NULL`` marks a card never reviewed in spaced mode (a new card).
``card_states`` repeats the card's deck and whether it is active (not retired) so that the
queue and the deck list read that one narrow table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from studyapp.store.version import SCHEMA_VERSION

__all__ = [
    "MODES",
    "SCHEMA_VERSION",
    "answers",
    "card_states",
    "cards",
    "decks",
    "match_games",
    "meta",
    "metadata",
    "review_days",
    "reviews",
    "tag_days",
    "test_results",
    "unfinished_sessions",
]

MODES = ("spaced", "learn", "test", "matching")
#: The kinds of question the learn, test and matching modes ask.
ANSWER_KINDS = ("choice", "true_false", "written", "matching")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as UTC and read back as aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store only timezone-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        """SQLAlchemy's conversion; on SQLite the same text made in one step (a history's
        hundreds of thousands of times are converted in bulk), if it is the same."""
        general = super().bind_processor(dialect)
        if dialect.name != "sqlite" or general is None:
            return general
        samples = (datetime(2026, 3, 10, 8, 5, 9, 123, UTC), datetime(999, 1, 2, tzinfo=UTC))
        if all(general(sample) == sqlite_utc_text(sample) for sample in samples):
            return sqlite_utc_text
        return general


def sqlite_utc_text(value: datetime | None) -> str | None:
    """An aware time as SQLite's DATETIME text of its UTC time (``2026-03-10 08:05:09.000123``)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("store only timezone-aware datetimes")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


class Easiness(TypeDecorator[Decimal]):
    """An SM-2 easiness factor stored exactly, as an integer number of thousandths."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Any, _dialect: Dialect) -> int | None:
        if value is None:
            return None
        thousandths = (Decimal(str(value)) * 1000).to_integral_value(ROUND_HALF_EVEN)
        return int(thousandths)

    def process_result_value(self, value: int | None, _dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value) / 1000


#: A study scope's key (``deck:a,b,…``, ``search:…``): unbounded on PostgreSQL (schema 8), where
#: a parent of many decks or a long search outgrew 200 characters; SQLite never enforced the
#: length, and keeps the declared type its stores were made with.
SCOPE_KEY = String(200).with_variant(Text(), "postgresql")
#: The index of today's queue: the active cards by due day, then card (the card search walks
#: it to read a page in due order).
QUEUE_INDEX = "ix_card_states_queue"

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

decks = Table(
    "decks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(80), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("tags", JSON, nullable=False, default=list),
    Column("source", Text),
    Column("origin", Text),  # the file the deck was last imported from (absolute path)
    Column("origin_digest", String(64)),  # that file's digest: an unchanged file is skipped
    Column("imported_at", UTCDateTime, nullable=False),
    # where the deck comes from (schema 8; last): "bundled", "file" (a deck file), "export" (another
    # app's text export), "package" (an Anki package) or "app" (made or restored here); NULL for a
    # deck imported before schema 8. An import from another source than the deck's is refused.
    Column("origin_kind", String(16)),
)

cards = Table(
    "cards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("deck_id", ForeignKey("decks.id", ondelete="RESTRICT"), nullable=False),
    Column("key", String(120), nullable=False),  # the card's stable id within its deck
    Column("position", Integer, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("short", Text),
    Column("tags", JSON, nullable=False, default=list),
    Column("distractors", JSON, nullable=False, default=list),
    Column("demo", JSON(none_as_null=True)),  # SQL NULL when the card has no demo
    Column("source", Text),
    Column("content_hash", String(40), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("retired_at", UTCDateTime),
    # other typed answers the grader accepts besides ``short`` (schema 5; last, as it was added)
    Column("accepted", JSON, nullable=False, default=list, server_default=text("'[]'")),
    # where and why the card departs from its source, shown after the answer (schema 6; last)
    Column("note", Text),
    # a numeric card's calculator, parameter choices and tolerance (schema 7; last)
    Column("numeric_spec", JSON(none_as_null=True)),
    # when the user last edited the card in the app (schema 8; last): an import from its deck's
    # source never overwrites such a card's content
    Column("edited_at", UTCDateTime),
    UniqueConstraint("deck_id", "key"),
    Index("ix_cards_deck_position", "deck_id", "position"),
)

card_states = Table(
    "card_states",
    metadata,
    Column("card_id", ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True),
    Column("deck_id", ForeignKey("decks.id", ondelete="RESTRICT"), nullable=False),
    Column("active", Boolean, nullable=False, default=True, server_default=true()),
    Column("repetitions", Integer, nullable=False, default=0, server_default=text("0")),
    Column(
        "easiness", Easiness, nullable=False, default=Decimal("2.5"), server_default=text("2500")
    ),
    Column("interval", Integer, nullable=False, default=0, server_default=text("0")),
    Column("due", Date),
    Column("introduced_on", Date),  # local day of the first spaced review
    Column("lapses", Integer, nullable=False, default=0, server_default=text("0")),
    Column("reviews", Integer, nullable=False, default=0, server_default=text("0")),
    # the sum of every rating the card was given (any mode): with ``reviews``, its mean
    Column("rating_sum", Integer, nullable=False, default=0, server_default=text("0")),
    # its answers in learn, test and matching, and how many were right (kept by triggers)
    Column("answers", Integer, nullable=False, default=0, server_default=text("0")),
    Column("answers_right", Integer, nullable=False, default=0, server_default=text("0")),
    Column("last_rating", Integer),
    Column("last_reviewed_at", UTCDateTime),
    # the user's marks (schema 8; last). A suspended card is never due and never studied until
    # unsuspended; a buried one not before ``buried_until`` (a local day). ``flag`` is 0 (none)
    # or one of Anki's seven colours; ``leech`` is set when the card lapses too often.
    Column("suspended", Boolean, nullable=False, default=False, server_default=false()),
    Column("buried_until", Date),
    Column("starred", Boolean, nullable=False, default=False, server_default=false()),
    Column("flag", Integer, nullable=False, default=0, server_default=text("0")),
    Column("leech", Boolean, nullable=False, default=False, server_default=false()),
    # each scheduler's own due day and FSRS's memory (schema 10; last): both schedulers move
    # every card, ``due`` is the chosen one's (see :mod:`studyapp.scheduling.paired`). FSRS's
    # memory is NULL for a new card and for an SM-2 card whose memory is not worked out yet.
    Column("sm2_due", Date),
    Column("fsrs_stability", Float),  # days until recall falls to 90 %
    Column("fsrs_difficulty", Float),  # 1 (easy) to 10 (hard)
    Column("fsrs_reviewed_on", Date),  # the local day of FSRS's last review of the card
    Column("fsrs_due", Date),
    # today's queue: active cards by due day (NULL first: the new cards) then card, with the
    # marks that keep a card out of it
    Index(QUEUE_INDEX, "active", "due", "card_id", "suspended", "buried_until"),
    # the deck list: counts and mastery per deck, in group order, from the index alone
    Index(
        "ix_card_states_deck",
        "active",
        "deck_id",
        "due",
        "last_rating",
        "suspended",
        "buried_until",
    ),
    Index("ix_card_states_introduced", "introduced_on"),
    # the hardest cards: most lapses, then lowest easiness, read in order and cut at the limit
    Index("ix_card_states_hardest", text("lapses DESC"), "easiness", "card_id"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("card_id", ForeignKey("cards.id", ondelete="RESTRICT"), nullable=False),
    Column("reviewed_at", UTCDateTime, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("response_ms", Integer),
    # False for ratings that leave the schedule alone (repeats of the same day, other modes)
    Column("scheduled", Boolean, nullable=False),
    Column("repetitions_before", Integer, nullable=False),
    Column("easiness_before", Easiness, nullable=False),
    Column("interval_before", Integer, nullable=False),
    Column("due_before", Date),
    Column("repetitions_after", Integer, nullable=False),
    Column("easiness_after", Easiness, nullable=False),
    Column("interval_after", Integer, nullable=False),
    Column("due_after", Date),
    # the user's local day of ``reviewed_at``, as it was where and when the rating was given
    Column("day", Date, nullable=False),
    # the card's latest rating (any mode) before this one; NULL for its first rating
    Column("rating_before", Integer),
    # each scheduler's state before the rating, to undo it whichever is chosen then, and FSRS's
    # memory after it (schema 10; last). ``due_before`` and ``due_after`` are the chosen one's.
    Column("sm2_due_before", Date),
    Column("fsrs_stability_before", Float),
    Column("fsrs_difficulty_before", Float),
    Column("fsrs_reviewed_on_before", Date),
    Column("fsrs_due_before", Date),
    Column("fsrs_stability_after", Float),
    Column("fsrs_difficulty_after", Float),
    # a card's history in order, its ratings read from the index alone (calibration, undo)
    Index("ix_reviews_card_time", "card_id", "reviewed_at", "rating"),
    Index("ix_reviews_time", "reviewed_at"),
)


def _day_sums() -> list[Column[int]]:
    """The columns of a day's sums of reviews (``review_days``, ``tag_days``)."""
    return [
        Column("reviews", Integer, nullable=False),  # ratings of any mode
        Column("recalls", Integer, nullable=False),  # scheduled spaced ratings (retention's base)
        Column("recalled", Integer, nullable=False),  # those rated 3 or more
        Column("response_ms", Integer, nullable=False),  # summed response times (missing: 0)
        # the sum of (rating - rating_before): how the total of latest ratings moved that day
        Column("rating_change", Integer, nullable=False),
    ]


#: The review log summed per deck and local day, kept by triggers on ``reviews`` (both databases):
#: the activity figures read these few thousand rows instead of a million reviews.
review_days = Table(
    "review_days",
    metadata,
    # day first: the overall view sums each day's decks in key order, without sorting
    Column("day", Date, primary_key=True),
    Column("deck_id", ForeignKey("decks.id", ondelete="RESTRICT"), primary_key=True),
    *_day_sums(),
    sqlite_with_rowid=False,
)

#: The same sums per tag and local day (schema 11), kept by triggers on ``reviews`` and on a
#: card's tags (:mod:`studyapp.store.tag_days`): a tag's view reads its days, not its cards' log.
tag_days = Table(
    "tag_days",
    metadata,
    Column("tag", Text, primary_key=True),
    Column("day", Date, primary_key=True),
    *_day_sums(),
    sqlite_with_rowid=False,
)


#: A finished test: its questions are the ``answers`` rows that point to it.
test_results = Table(
    "test_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scope", SCOPE_KEY, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Column("questions", Integer, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("kinds", JSON, nullable=False),
    Index("ix_test_results_scope_time", "scope", "finished_at"),
)

#: One objective result: a card's question answered right or wrong in learn, test or matching.
answers = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("card_id", ForeignKey("cards.id", ondelete="RESTRICT"), nullable=False),
    Column("answered_at", UTCDateTime, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("correct", Boolean, nullable=False),
    # a written answer graded wrong that the student marked right ("I was right")
    Column("overridden", Boolean, nullable=False, default=False, server_default=false()),
    Column("given", Text),
    Column("response_ms", Integer),
    Column("test_id", ForeignKey("test_results.id", ondelete="CASCADE")),
    # a card's answers, right or wrong, from the index alone (calibration)
    Index("ix_answers_card_time", "card_id", "answered_at", "correct", "overridden"),
    # answers by time with their response times (time studied)
    Index("ix_answers_time", "answered_at", "response_ms"),
    Index("ix_answers_test", "test_id"),
)

#: A learn or test session left unfinished, to resume: one per mode and scope (schema 5).
unfinished_sessions = Table(
    "unfinished_sessions",
    metadata,
    Column("mode", String(16), primary_key=True),
    Column("scope", SCOPE_KEY, primary_key=True),
    Column("saved_at", UTCDateTime, nullable=False),
    Column("state", JSON, nullable=False),  # the mode's own record of where the session was
)

#: A finished matching game; the best time of a scope is its smallest ``total_ms``.
match_games = Table(
    "match_games",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scope", SCOPE_KEY, nullable=False),
    Column("finished_at", UTCDateTime, nullable=False),
    Column("pairs", Integer, nullable=False),
    Column("mistakes", Integer, nullable=False),
    Column("elapsed_ms", Integer, nullable=False),
    Column("penalty_ms", Integer, nullable=False),
    Column("total_ms", Integer, nullable=False),
    Index("ix_match_games_scope_total", "scope", "total_ms"),
)
