"""A big batch of review-log rows written with the log's indexes built once afterwards.

SQLite updates every index of a table row by row as rows go in: writing an Anki package's
200,000 reviews into an empty log, the index on (card, time) took longer than the rows
themselves, as each row lands in a random place of it. Building an index from the finished
table sorts it once instead. Inside the writer's transaction, :func:`log_indexes_built_after`
drops the log's indexes when the batch is at least as big as the log already is (so building
them again costs no more than about twice the batch's own share), lets the batch be written,
and creates them again exactly as they were stored. It is all one transaction: a failure
rolls back the rows and the indexes' absence alike, and no other connection ever sees the log
without them.

PostgreSQL keeps its indexes (nothing is dropped there).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from sqlalchemy import Connection

#: The fewest rows worth building the indexes again for.
LEAST_BATCH: Final = 10_000


@contextmanager
def log_indexes_built_after(connection: Connection, adding: int) -> Iterator[None]:
    """Write ``adding`` review-log rows in the ``with`` body (in the caller's transaction),
    the log's indexes built once at its end when that is the quicker way (see the module)."""
    if connection.dialect.name != "sqlite" or adding < LEAST_BATCH:
        yield
        return
    # the highest id stands for the count (ids are given in turn; counting reads the table)
    held = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM reviews").scalar()
    if int(held or 0) > adding:
        yield
        return
    listed = (
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = 'reviews' AND sql IS NOT NULL"
    )
    stored: dict[str, str] = {name: sql for name, sql in connection.exec_driver_sql(listed)}  # noqa: C416
    for name in stored:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        for sql in stored.values():
            connection.exec_driver_sql(sql)
