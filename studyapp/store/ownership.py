"""Whose database is this? A store is opened only if it is studyapp's, or new and empty.

Pointing ``--db`` at another app's database must not change a byte of it, so the question is
answered before anything is written: for a SQLite file, by its header and a read-only look at
its tables (:func:`check_sqlite_file`, before the engine opens it); for any database, by the
tables the engine sees (:func:`recorded_version`, before WAL mode or any table).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import Connection, inspect, select

from studyapp.store.errors import StoreError, store_fault
from studyapp.store.schema import meta
from studyapp.store.sqlite_file import HEADER_BYTES, SQLITE_HEADER, read_only_uri
from studyapp.store.version import SCHEMA_VERSION_KEY

#: How many table names a refusal lists before it says "and N more".
NAMES_LISTED = 6


def check_sqlite_file(path: Path) -> None:
    """Refuse a path that can't be a studyapp store, reading it only (never writing).

    A missing file is fine if its folder exists (it will be created), and so is an empty
    one; an existing database must be studyapp's (see :func:`recorded_version`). Raises
    StoreError naming the file: a folder, a missing folder, not a SQLite file, another app's
    database.
    """
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file; name a file in it")
    if not path.exists():
        folder = path.parent
        if not folder.is_dir():
            raise StoreError(f"cannot create {path}: the folder {folder} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(f"cannot create {path}: the folder {folder} is not writable")
        return
    try:
        with path.open("rb") as file:
            header = file.read(HEADER_BYTES)
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from None
    if not header:
        return  # an empty file: a new store
    if not header.startswith(SQLITE_HEADER):
        raise StoreError(f"{path} is not a SQLite database; choose another file")
    uri = read_only_uri(path, header)
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=5)) as connection:
            names = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                    "AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY name"
                )
            ]
            version = None
            if "meta" in names:
                row = connection.execute(
                    "SELECT value FROM meta WHERE key = ?", (SCHEMA_VERSION_KEY,)
                ).fetchone()
                version = row[0] if row else None
    except sqlite3.Error as error:
        fault = store_fault(error, str(path))
        raise (fault or StoreError(f"cannot read {path}: {error}")) from None
    if names and version is None:
        raise foreign_database(str(path), names)


def recorded_version(connection: Connection, database: str) -> int | None:
    """The schema version of a studyapp store, or None for an empty database.

    Raises StoreError for a database with tables but no studyapp schema version.
    """
    inspector = inspect(connection)
    names = sorted({*inspector.get_table_names(), *inspector.get_view_names()})
    if not names:
        return None
    value = None
    if meta.name in names:
        value = connection.scalar(select(meta.c.value).where(meta.c.key == SCHEMA_VERSION_KEY))
    if value is None:
        raise foreign_database(database, names)
    try:
        return int(value)
    except ValueError:
        raise StoreError(f"{database} has a damaged schema version ({value!r})") from None


def foreign_database(database: str, names: list[str]) -> StoreError:
    """The refusal of another app's database, naming some of its tables."""
    shown = ", ".join(names[:NAMES_LISTED])
    if len(names) > NAMES_LISTED:
        shown += f" and {len(names) - NAMES_LISTED} more"
    other = "database" if "://" in database else "file"
    return StoreError(
        f"{database} is not a studyapp database (it has tables {shown}); choose another {other}"
    )
