"""The store's own errors, and the database faults a user can act on turned into them.

A driver error such as SQLite's "attempt to write a readonly database" or "database or disk
is full" says nothing about which file or what to do; :func:`store_fault` turns the faults a
user can fix into a :class:`StoreError` with one line that names the database. Anything else
(a bug, a constraint) is left as it is.
"""

from __future__ import annotations


class StoreError(Exception):
    """The database can't be used: unreachable, not studyapp's, read-only, full, or written by
    a newer version. Its message is one line, fit to show the user."""


class StoreBusyError(StoreError):
    """Another process held the database's write lock for longer than this one would wait."""


def is_busy(error: BaseException) -> bool:
    """Whether a database error means another process holds the lock (worth retrying)."""
    if isinstance(error, StoreBusyError):
        return True
    cause = getattr(error, "orig", None) or error
    name = str(getattr(cause, "sqlite_errorname", ""))
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return True
    message = str(cause).lower()
    return "database is locked" in message or "database is busy" in message


def busy_error(database: str, waited: float) -> StoreBusyError:
    """The error for a write lock still held by another process after ``waited`` seconds."""
    return StoreBusyError(
        f"the database is busy: another studyapp process has been writing to {database} "
        f"for more than {waited:g} s; nothing was changed, try again when it has finished"
    )


def store_fault(error: BaseException, database: str) -> StoreError | None:
    """The StoreError for a SQLite fault the user can act on, or None for any other error.

    ``database`` names the store in the message (its file, or its URL without a password).
    """
    cause = getattr(error, "orig", None) or error
    name = str(getattr(cause, "sqlite_errorname", ""))
    if not name:
        return None
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreBusyError(
            f"the database is busy: another studyapp process is writing to {database}; "
            "nothing was changed, try again when it has finished"
        )
    if name.startswith("SQLITE_READONLY"):
        return StoreError(f"{database} is read-only: cannot save changes to it")
    if name == "SQLITE_FULL":
        return StoreError(f"disk full: cannot write to {database}; nothing was changed")
    if name.startswith("SQLITE_IOERR"):
        return StoreError(
            f"disk I/O error on {database} ({name}): is the disk full or failing? "
            "nothing was changed"
        )
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(f"cannot open {database}: is its folder missing or not writable?")
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
        return StoreError(f"{database} is damaged or not a SQLite database")
    return None
