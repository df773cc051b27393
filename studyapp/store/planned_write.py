"""A big write planned without the lock and written in one short transaction.

While one process holds SQLite's write lock every other writer waits, a student's rating among
them. So a big import does its heavy work (comparing, replaying history, converting rows) in a
read transaction first, which blocks no one, and takes the write lock only to write. If anything
was committed in between (SQLite's ``PRAGMA data_version`` moved), the plan is checked against
what it read and, if that changed, made again while holding the lock: the result is always
exactly what one transaction would have written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine

from studyapp.store.engine import WRITE_OPTION

Plan = TypeVar("Plan")
Result = TypeVar("Result")


def plan_then_write(
    engine: Engine,
    plan: Callable[[Connection], Plan],
    still_valid: Callable[[Connection, Plan], bool],
    write: Callable[[Connection, Plan], Result],
) -> Result:
    """``write(plan(...))`` as if in one transaction, holding the write lock only for ``write``.

    ``plan`` only reads; ``still_valid`` tells whether what it read is unchanged (asked inside
    the write transaction, and only when the database may have changed since the plan).
    """
    with engine.connect() as connection:
        on_sqlite = connection.dialect.name == "sqlite"
        with connection.begin():
            seen = _data_version(connection) if on_sqlite else None
            planned = plan(connection)
        connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            unchanged = on_sqlite and _data_version(connection) == seen
            if not unchanged and not still_valid(connection, planned):
                planned = plan(connection)
            return write(connection, planned)


def _data_version(connection: Connection) -> int:
    """SQLite's count of commits by other connections, as this connection last saw it."""
    return int(connection.exec_driver_sql("PRAGMA data_version").scalar_one())
