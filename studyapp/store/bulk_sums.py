"""A big batch of review-log rows written with their per-day sums added by whole days.

SQLite runs a trigger once per row: writing an Anki package's 200,000 reviews, the two insert
triggers that add each review to its deck's day (:mod:`studyapp.store.review_days`) and to its
tags' days (:mod:`studyapp.store.tag_days`) took more CPU than the rows themselves. Inside the
writer's transaction, :func:`log_sums_added_in_bulk` sets those two triggers aside, lets the
batch be written, adds the new rows' shares in one grouped statement each (the same shares,
from the same definitions), and puts the triggers back exactly as they were stored. It is all
one transaction: a failure rolls back the rows and the triggers' absence alike, and no other
connection ever sees the log without them.

PostgreSQL keeps its row triggers (nothing is set aside there).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from sqlalchemy import Connection

from studyapp.store import review_days, tag_days

#: The insert triggers set aside, and the statement adding what each adds, for the rows above
#: a given id (``?``).
BULK_SUMS: Final = {
    "reviews_summed_on_insert": review_days.sums_of_reviews_after("?"),
    "reviews_tag_summed_on_insert": tag_days.sums_of_reviews_after("?"),
}


@contextmanager
def log_sums_added_in_bulk(connection: Connection) -> Iterator[None]:
    """Write review-log rows in the ``with`` body (inserts only, in the caller's
    transaction), their sums added once at its end (see the module)."""
    if connection.dialect.name != "sqlite":
        yield
        return
    names = ", ".join(f"'{name}'" for name in BULK_SUMS)
    listed = f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({names})"
    stored: dict[str, str] = {name: sql for name, sql in connection.exec_driver_sql(listed)}  # noqa: C416
    first_id = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM reviews").scalar()
    for name in stored:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    try:
        yield
        for name in stored:
            connection.exec_driver_sql(BULK_SUMS[name], (first_id,))
    finally:
        for sql in stored.values():
            connection.exec_driver_sql(sql)
