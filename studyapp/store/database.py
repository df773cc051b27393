"""Opening the store: engine and pragmas, schema creation, and the schema version check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from studyapp.store.schema import TABLES_ADDED_IN, meta, metadata
from studyapp.store.version import SCHEMA_VERSION, SCHEMA_VERSION_KEY


class StoreError(Exception):
    """The database can't be used (unreachable, or written by a newer version)."""


def _add_result_tables(connection: Connection) -> None:
    """Version 1 to 2: the tables of test results, answers and matching games."""
    metadata.create_all(connection, tables=list(TABLES_ADDED_IN[2]))


#: Upgrades from version N to N+1, run in order inside one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _add_result_tables}


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


def prepare_schema(engine: Engine) -> bool:
    """Create the tables of a new database or upgrade an older one; True if it was new.

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
                set_meta(connection, SCHEMA_VERSION_KEY, str(SCHEMA_VERSION))
                return True
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the database uses schema version {version}, newer than this studyapp "
                    f"({SCHEMA_VERSION}); upgrade studyapp"
                )
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](connection)
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
