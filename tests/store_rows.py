"""Store rows for tests to check: Core ``select()``s over the :mod:`studyapp.store.schema` tables.

Tests read what was committed on a connection of their own (``collection.engine.connect()``)
with the tables' columns; these helpers are the row reads many of them share. A row's fields
are read by name (``state.repetitions``), and a row compares equal to a tuple of its values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, Table, select


def get_row(connection: Connection, table: Table, key: object) -> Row[Any]:
    """The row of ``table`` whose primary key is ``key``; an error if there is none."""
    (column,) = table.primary_key.columns
    return connection.execute(select(table).where(column == key)).one()


def all_rows(connection: Connection, table: Table, *where: ColumnElement[bool]) -> list[Row[Any]]:
    """Every row of ``table`` (those matching ``where``, if given), in primary-key order."""
    statement = select(table).where(*where).order_by(*table.primary_key.columns)
    return list(connection.execute(statement).all())


def one_row(connection: Connection, table: Table, *where: ColumnElement[bool]) -> Row[Any]:
    """The one row of ``table`` (matching ``where``, if given); an error if there are more or
    none."""
    return connection.execute(select(table).where(*where)).one()
