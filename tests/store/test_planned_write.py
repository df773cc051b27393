"""A planned write: made without the lock, checked and if need be made again under it."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, text

from studyapp.collection import Collection
from studyapp.store.planned_write import plan_then_write


def _count(connection: Connection) -> int:
    return int(connection.scalar(text("SELECT count(*) FROM meta")) or 0)


def test_a_plan_is_made_again_when_what_it_read_changed(collection: Collection) -> None:
    planned: list[int] = []

    def plan(connection: Connection) -> int:
        seen = _count(connection)
        planned.append(seen)
        if len(planned) == 1:  # another process commits between the plan and the write
            with collection.writer.begin() as other:
                other.execute(text("INSERT INTO meta (key, value) VALUES ('other', 'x')"))
        return seen

    def still_valid(connection: Connection, seen: int) -> bool:
        return _count(connection) == seen

    def write(connection: Connection, seen: int) -> int:
        connection.execute(text("INSERT INTO meta (key, value) VALUES ('mine', :n)"), {"n": seen})
        return seen

    assert plan_then_write(collection.engine, plan, still_valid, write) == planned[-1]
    assert planned == [planned[0], planned[0] + 1]


@pytest.mark.sqlite_only  # SQLite's snapshot and data_version
def test_a_plan_still_valid_is_written_as_made(collection: Collection) -> None:
    checks: list[bool] = []

    def plan(connection: Connection) -> int:
        with collection.writer.begin() as other:  # a change the plan does not depend on
            other.execute(text("INSERT INTO meta (key, value) VALUES ('other', 'x')"))
        return _count(connection)

    def still_valid(connection: Connection, seen: int) -> bool:
        checks.append(True)
        return True

    assert plan_then_write(collection.engine, plan, still_valid, lambda _c, seen: seen) == 1
    assert checks == [True]
