"""Opening the store: engine and pragmas, schema creation, and the schema version check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from studyapp.clock import Zone, day_start, local_day
from studyapp.store.answer_counts import recount_answers
from studyapp.store.review_days import rebuild_review_days
from studyapp.store.schema import (
    TABLES_ADDED_IN,
    answers,
    card_states,
    meta,
    metadata,
    reviews,
)
from studyapp.store.triggers import install_triggers
from studyapp.store.version import SCHEMA_VERSION, SCHEMA_VERSION_KEY


class StoreError(Exception):
    """The database can't be used (unreachable, or written by a newer version)."""


def _add_result_tables(connection: Connection, _zone: Zone) -> None:
    """Version 1 to 2: the tables of test results, answers and matching games."""
    metadata.create_all(connection, tables=list(TABLES_ADDED_IN[2]))


def _add_review_days(connection: Connection, zone: Zone) -> None:
    """Version 2 to 3: each review's local day and previous rating, and their daily sums;
    each card's sum of ratings and count of answers; indexes the figures read alone.

    The days of past reviews are read in ``zone`` (None: the machine's rules), the user's
    zone now: the best guess of where they were.
    """
    connection.execute(text("ALTER TABLE reviews ADD COLUMN day DATE NOT NULL DEFAULT ''"))
    connection.execute(text("ALTER TABLE reviews ADD COLUMN rating_before INTEGER"))
    first, last = connection.execute(
        select(func.min(reviews.c.reviewed_at), func.max(reviews.c.reviewed_at))
    ).one()
    if first is not None:
        days = _local_days(first, last, zone)
        connection.execute(
            update(reviews)
            .where(
                reviews.c.reviewed_at >= bindparam("start", type_=reviews.c.reviewed_at.type),
                reviews.c.reviewed_at < bindparam("end", type_=reviews.c.reviewed_at.type),
            )
            .values(day=bindparam("local_day", type_=reviews.c.day.type)),
            [{"local_day": day, "start": start, "end": end} for day, start, end in days],
        )
        connection.execute(
            text(
                "UPDATE reviews SET rating_before = earlier.rating FROM ("
                "SELECT id, lag(rating) OVER (PARTITION BY card_id ORDER BY reviewed_at, id) "
                "AS rating FROM reviews) AS earlier "
                "WHERE earlier.id = reviews.id AND earlier.rating IS NOT NULL"
            )
        )
    for counted in ("rating_sum", "answers", "answers_right"):
        connection.execute(
            text(f"ALTER TABLE card_states ADD COLUMN {counted} INTEGER NOT NULL DEFAULT 0")
        )
    recount_answers(connection)
    connection.execute(
        text(
            "UPDATE card_states SET rating_sum = rated.total FROM ("
            "SELECT card_id, sum(rating) AS total FROM reviews GROUP BY card_id) AS rated "
            "WHERE rated.card_id = card_states.card_id"
        )
    )
    for index in (*reviews.indexes, *card_states.indexes, *answers.indexes):
        if index.name in _INDEXES_OF_VERSION_3:
            connection.execute(text(f"DROP INDEX IF EXISTS {index.name}"))
            index.create(connection)
    metadata.create_all(connection, tables=list(TABLES_ADDED_IN[3]))
    rebuild_review_days(connection)
    install_triggers(connection)


#: The indexes version 3 adds, or remakes with more columns.
_INDEXES_OF_VERSION_3 = frozenset(
    {"ix_reviews_card_time", "ix_card_states_hardest", "ix_answers_card_time", "ix_answers_time"}
)


def _local_days(
    first: datetime, last: datetime, zone: Zone
) -> list[tuple[date, datetime, datetime]]:
    """Each local day from ``first``'s to ``last``'s with the UTC moments it spans."""
    start, end = local_day(first, zone), local_day(last, zone)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return [(day, day_start(day, zone), day_start(day + timedelta(days=1), zone)) for day in days]


#: Upgrades from version N to N+1, run in order inside one transaction; each gets the user's
#: time zone (None: the machine's rules).
MIGRATIONS: dict[int, Callable[[Connection, Zone], None]] = {
    1: _add_result_tables,
    2: _add_review_days,
}


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys on, and WAL for files."""
    kwargs: dict[str, Any] = {}
    is_sqlite = url.startswith("sqlite")
    in_memory = is_sqlite and (url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url)
    if in_memory:
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    engine = create_engine(url, **kwargs)
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


def prepare_schema(engine: Engine, zone: Zone = None) -> bool:
    """Create the tables of a new database or upgrade an older one; True if it was new.

    ``zone`` is the user's time zone (None: the machine's), for upgrades that need local days.

    Raises StoreError for a database written by a newer studyapp or one that can't be used.
    """
    try:
        with engine.begin() as connection:
            version = _recorded_version(connection)
            if version is None:
                existing = set(inspect(connection).get_table_names())
                if existing & set(metadata.tables):
                    raise StoreError("the database has studyapp tables but no schema version")
                metadata.create_all(connection)
                install_triggers(connection)
                set_meta(connection, SCHEMA_VERSION_KEY, str(SCHEMA_VERSION))
                return True
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the database uses schema version {version}, newer than this studyapp "
                    f"({SCHEMA_VERSION}); upgrade studyapp"
                )
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](connection, zone)
                version += 1
                set_meta(connection, SCHEMA_VERSION_KEY, str(version))
            return False
    except StoreError:
        raise
    except Exception as exc:  # any driver error: unreachable server, unreadable file, ...
        raise StoreError(f"cannot open the database: {exc}") from exc


def _recorded_version(connection: Connection) -> int | None:
    """The schema version in the meta table, or None when there is no meta table yet."""
    savepoint = connection.begin_nested()
    try:
        value = connection.scalar(select(meta.c.value).where(meta.c.key == SCHEMA_VERSION_KEY))
    except DBAPIError:
        savepoint.rollback()
        return None
    savepoint.commit()
    return int(value) if value is not None else 0


def get_meta(connection: Connection, key: str) -> str | None:
    """A value from the meta table."""
    return connection.scalar(select(meta.c.value).where(meta.c.key == key))


def set_meta(connection: Connection, key: str, value: str) -> None:
    """Store a value in the meta table."""
    changed = connection.execute(update(meta).where(meta.c.key == key).values(value=value))
    if changed.rowcount == 0:
        connection.execute(meta.insert().values(key=key, value=value))


def is_busy(error: BaseException) -> bool:
    """Whether a database error means another process holds the lock (worth retrying)."""
    message = str(getattr(error, "orig", None) or error).lower()
    return "database is locked" in message or "database is busy" in message
