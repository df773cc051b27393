"""Opening the store: the schema version check, creating a new store and upgrading an old one
(the steps: :mod:`studyapp.store.migrations`).

The engine itself (transactions, locks, faults) is :mod:`studyapp.store.engine`; whose
database it is, :mod:`studyapp.store.ownership`. Both are re-exported here with the errors.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Connection, Engine, select, update

from studyapp.clock import Zone
from studyapp.store.engine import (
    create_store_engine,
    database_name,
    sqlite_path,
    write_transaction,
)
from studyapp.store.errors import StoreBusyError, StoreError, is_busy, store_fault
from studyapp.store.migrations import upgrade_store
from studyapp.store.ownership import check_sqlite_file, recorded_version
from studyapp.store.schema import meta, metadata
from studyapp.store.search_index import install_search_index
from studyapp.store.triggers import SUPPORTED_DIALECTS, install_triggers
from studyapp.store.version import SCHEMA_VERSION, SCHEMA_VERSION_KEY

__all__ = [
    "StoreBusyError",
    "StoreError",
    "create_store_engine",
    "get_meta",
    "is_busy",
    "prepare_schema",
    "set_meta",
    "write_transaction",
]


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
    if engine.dialect.name not in SUPPORTED_DIALECTS:
        raise StoreError(
            f"cannot keep a store in {database}: use a SQLite path or a PostgreSQL URL"
        )
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
                install_search_index(connection)
                set_meta(connection, SCHEMA_VERSION_KEY, str(SCHEMA_VERSION))
                return True
            upgrade_store(connection, version, zone)
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
