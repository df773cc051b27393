"""Opening the store: the schema version check, creating a new store and upgrading an old one.

The engine itself (transactions, locks, faults) is :mod:`studyapp.store.engine`; whose
database it is, :mod:`studyapp.store.ownership`. Both are re-exported here with the errors.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, Engine, bindparam, func, select, text, update

from studyapp.clock import Zone, day_start, local_day
from studyapp.store.answer_counts import recount_answers
from studyapp.store.engine import (
    create_store_engine,
    database_name,
    sqlite_path,
    write_transaction,
)
from studyapp.store.errors import StoreBusyError, StoreError, is_busy, store_fault
from studyapp.store.ownership import check_sqlite_file, recorded_version
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

__all__ = [
    "MIGRATIONS",
    "StoreBusyError",
    "StoreError",
    "create_store_engine",
    "get_meta",
    "is_busy",
    "prepare_schema",
    "set_meta",
    "write_transaction",
]


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


def prepare_schema(engine: Engine, zone: Zone = None) -> bool:
    """Create the tables of a new database or upgrade an older one; True if it was new.

    ``zone`` is the user's time zone (None: the machine's), for upgrades that need local days.
    Nothing is written before the database is known to be a studyapp store or empty: another
    app's database is refused unchanged (no WAL switch, no tables). Creating and upgrading
    are one write transaction each, all or nothing.

    Raises StoreError for another app's database, one written by a newer studyapp, or one
    that can't be used.
    """
    database = database_name(engine.url)
    path = sqlite_path(engine.url)
    try:
        if path is not None:
            check_sqlite_file(path)
        with engine.connect() as connection:
            version = recorded_version(connection, database)
        _check_not_newer(version)
        if path is not None:
            _use_wal(engine, database)
        if version == SCHEMA_VERSION:
            return False
        with write_transaction(engine) as connection:
            version = recorded_version(connection, database)  # again, holding the lock
            _check_not_newer(version)
            if version is None:
                metadata.create_all(connection)
                install_triggers(connection)
                set_meta(connection, SCHEMA_VERSION_KEY, str(SCHEMA_VERSION))
                return True
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](connection, zone)
                version += 1
                set_meta(connection, SCHEMA_VERSION_KEY, str(version))
            return False
    except StoreError:
        raise
    except Exception as exc:  # any driver error: unreachable server, unreadable file, ...
        raise StoreError(f"cannot open the database {database}: {_first_line(exc)}") from exc


def _check_not_newer(version: int | None) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"the database uses schema version {version}, newer than this studyapp "
            f"({SCHEMA_VERSION}); upgrade studyapp"
        )


def _use_wal(engine: Engine, database: str) -> None:
    """Switch a studyapp (or new) SQLite file to WAL mode; it stays so for every connection."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA journal_mode=WAL")  # type: ignore[union-attr]
    except sqlite3.Error as error:
        raise (store_fault(error, database) or error) from error
    finally:
        raw.close()


def _first_line(error: BaseException) -> str:
    """A driver error's own message, first line only."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


def get_meta(connection: Connection, key: str) -> str | None:
    """A value from the meta table."""
    return connection.scalar(select(meta.c.value).where(meta.c.key == key))


def set_meta(connection: Connection, key: str, value: str) -> None:
    """Store a value in the meta table."""
    changed = connection.execute(update(meta).where(meta.c.key == key).values(value=value))
    if changed.rowcount == 0:
        connection.execute(meta.insert().values(key=key, value=value))
